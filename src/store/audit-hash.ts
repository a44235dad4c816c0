/**
 * The audit trail's hash chain: hash = sha256hex(prevHash + canonicalJson(entry without `hash`)), the first
 * entry chaining from 64 zeros. Canonical JSON (sorted keys, no whitespace) makes the hash independent of
 * the order in which a writer happened to emit the keys.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../operations/ports.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted and no whitespace; `undefined` members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function computeEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { hash: _ignored, ...withoutHash } = entry as AuditEntry;
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(withoutHash)).digest('hex');
}
