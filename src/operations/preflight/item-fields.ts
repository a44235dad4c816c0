/**
 * How pre-flight and the executors read an item: the canonical CSV column names (see csv/column-specs.ts)
 * and how an identity is written (GUID, DN or address).
 */
import type { BulkOperationItem } from '../model.ts';

export const COLUMNS = {
  source: 'source_guid',
  recoveryTarget: 'target_upn',
  restoreTarget: 'target_mailbox',
  targetSmtp: 'target_smtp',
  displayName: 'display_name',
  firstName: 'first_name',
  lastName: 'last_name',
  licenseSku: 'license_sku',
  usageLocation: 'usage_location',
  targetFolder: 'target_folder',
  conflictResolution: 'conflict_resolution',
  sourceIsArchive: 'source_is_archive',
  targetIsArchive: 'target_is_archive',
} as const;

export type IdentityKind = 'guid' | 'dn' | 'address' | 'other';

const GUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

export function classifyIdentity(value: string): IdentityKind {
  const trimmed = value.trim();
  if (GUID.test(trimmed)) return 'guid';
  if (/^CN=/i.test(trimmed)) return 'dn';
  if (/^[^\s@]+@[^\s@]+$/.test(trimmed)) return 'address';
  return 'other';
}

/** Lower-case, braces and surrounding space removed: the key every snapshot index uses. */
export function identityKey(value: string): string {
  return value
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .toLowerCase();
}

/** A trimmed optional cell; an empty cell counts as absent. */
export function readField(item: Readonly<BulkOperationItem>, column: string): string | undefined {
  const value = item.additionalData[column]?.trim();
  return value ? value : undefined;
}

export function readBooleanField(item: Readonly<BulkOperationItem>, column: string): boolean | undefined {
  const value = readField(item, column)?.toLowerCase();
  if (value === undefined) return undefined;
  return ['true', 'yes', '1'].includes(value);
}

/** The address the recovered mailbox will have: `target_smtp`, or the UPN when the file leaves it out. */
export function targetSmtpOf(item: Readonly<BulkOperationItem>): string | undefined {
  return readField(item, COLUMNS.targetSmtp) ?? item.targetIdentity?.trim() ?? undefined;
}

/** `{3F2504E0…}` or without hyphens → `3f2504e0-4f89-…`: GUIDs compare equal however they were written. */
export function guidKey(value: string): string {
  const hex = identityKey(value).replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
