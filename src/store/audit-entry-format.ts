/** How one audit entry is written as a JSON Lines record, and read back with its shape checked. */
import type { AuditEntry } from '../operations/ports.ts';

const HASH = /^[0-9a-f]{64}$/;

/** One line (without its newline), keys in reading order; the hash does not depend on that order. */
export function formatAuditLine(entry: AuditEntry): string {
  const { seq, ts, actor, action, jobId, row, details, prevHash, hash } = entry;
  return JSON.stringify({ seq, ts, actor, action, jobId, row, details, prevHash, hash });
}

/**
 * `entry` is what the code reads; `hashed` is the entry exactly as it was sealed, which is what its hash
 * covers. They differ only for entries written before the job's id had one name (`operationId`, now
 * `jobId`): those read as today's entries and still verify against the hash they were written with.
 */
export type ParsedAuditLine =
  | { kind: 'entry'; entry: AuditEntry; hashed: Omit<AuditEntry, 'hash'> }
  | { kind: 'not-json' }
  | { kind: 'not-an-entry' };

export function parseAuditLine(line: string): ParsedAuditLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'not-json' }; // the caller decides whether this is a torn tail or tampering
  }
  if (isLegacyEntry(value)) {
    const { operationId, ...rest } = value;
    return { kind: 'entry', entry: { ...rest, jobId: operationId }, hashed: value as unknown as AuditEntry };
  }
  return isAuditEntry(value) ? { kind: 'entry', entry: value, hashed: value } : { kind: 'not-an-entry' };
}

function isLegacyEntry(value: unknown): value is Omit<AuditEntry, 'jobId'> & { operationId: string } {
  if (typeof value !== 'object' || value === null || !('operationId' in value) || 'jobId' in value) return false;
  const { operationId, ...rest } = value as Record<string, unknown>;
  return isAuditEntry({ ...rest, jobId: operationId });
}

/** The entry's `seq` when the line is at least JSON with an integer `seq`, for diagnosing reordering. */
export function peekSeq(line: string): number | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && 'seq' in value && Number.isInteger(value.seq)) {
      return value.seq as number;
    }
  } catch {
    return undefined; // not JSON: it has no seq to report
  }
  return undefined;
}

function isAuditEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  return (
    Number.isInteger(entry.seq) &&
    (entry.seq as number) >= 1 &&
    typeof entry.ts === 'string' &&
    typeof entry.actor === 'string' &&
    typeof entry.action === 'string' &&
    typeof entry.jobId === 'string' &&
    (entry.row === undefined || Number.isInteger(entry.row)) &&
    typeof entry.details === 'object' &&
    entry.details !== null &&
    !Array.isArray(entry.details) &&
    typeof entry.prevHash === 'string' &&
    HASH.test(entry.prevHash) &&
    typeof entry.hash === 'string' &&
    HASH.test(entry.hash)
  );
}
