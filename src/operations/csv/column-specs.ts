import type { BulkOperationType } from '../model.ts';

/** How a column's cells are checked and normalised (see values.ts). */
export type ColumnKind = 'source' | 'address' | 'mailbox' | 'text' | 'choice' | 'boolean' | 'country';

export interface ColumnSpec {
  /** Canonical snake_case name: the key in `additionalData` and in issues. */
  name: string;
  /** The file must have this column and every row a value in it. */
  required: boolean;
  kind: ColumnKind;
  choices?: readonly string[];
  /** A realistic value for the template. */
  example: string;
}

export interface OperationCsvSpec {
  columns: readonly ColumnSpec[];
  /** The column that becomes `targetIdentity`, if the operation has a target. */
  targetColumn: string | null;
}

/** New-MailboxRestoreRequest -ConflictResolutionOption values, in Microsoft's spelling. */
export const CONFLICT_RESOLUTIONS = [
  'KeepSourceItem',
  'KeepLatestItem',
  'KeepAll',
  'ForceCopy',
  'KeepTargetItem',
  'UpdateFromSource',
] as const;

export const EXAMPLE_SOURCE_GUID = '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40';
const SOURCE: ColumnSpec = { name: 'source_guid', required: true, kind: 'source', example: EXAMPLE_SOURCE_GUID };

export const COLUMN_SPECS: Readonly<Record<BulkOperationType, OperationCsvSpec>> = {
  recovery: {
    targetColumn: 'target_upn',
    columns: [
      SOURCE,
      { name: 'target_upn', required: true, kind: 'address', example: 'megan.bowen@contoso.com' },
      { name: 'target_smtp', required: false, kind: 'address', example: 'megan.bowen@contoso.com' },
      { name: 'display_name', required: true, kind: 'text', example: 'Megan Bowen' },
      { name: 'first_name', required: false, kind: 'text', example: 'Megan' },
      { name: 'last_name', required: false, kind: 'text', example: 'Bowen' },
      { name: 'department', required: false, kind: 'text', example: 'Marketing' },
      { name: 'company', required: false, kind: 'text', example: 'Contoso Ltd' },
      { name: 'license_sku', required: false, kind: 'text', example: 'ENTERPRISEPACK' },
      { name: 'usage_location', required: false, kind: 'country', example: 'US' },
    ],
  },
  restore: {
    targetColumn: 'target_mailbox',
    columns: [
      SOURCE,
      { name: 'target_mailbox', required: true, kind: 'mailbox', example: 'adele.vance@contoso.com' },
      { name: 'target_folder', required: false, kind: 'text', example: 'Recovered - Megan Bowen' },
      {
        name: 'conflict_resolution',
        required: false,
        kind: 'choice',
        choices: CONFLICT_RESOLUTIONS,
        example: 'KeepLatestItem',
      },
      { name: 'source_is_archive', required: false, kind: 'boolean', example: 'false' },
      { name: 'target_is_archive', required: false, kind: 'boolean', example: 'false' },
    ],
  },
  validate: {
    targetColumn: 'target_upn',
    columns: [SOURCE, { name: 'target_upn', required: false, kind: 'address', example: 'megan.bowen@contoso.com' }],
  },
  export: {
    targetColumn: null,
    columns: [{ ...SOURCE, required: false }],
  },
};

/** Lower-case, without spaces, underscores, hyphens or invisible marks: "Source GUID" → "sourceguid". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_\-\u200b\ufeff]+/g, '');
}

const CANONICAL_NAMES = new Set(Object.values(COLUMN_SPECS).flatMap((spec) => spec.columns.map((c) => c.name)));

// The seed calls the source column `source_identity` in places; admins copy either spelling. ExchangeGuid is
// the Get-Mailbox property the recover and restore articles name the mailbox by (powershell-export.ts).
const HEADER_ALIASES: ReadonlyMap<string, string> = new Map([
  ...[...CANONICAL_NAMES].map((name): [string, string] => [normaliseHeader(name), name]),
  ['sourceidentity', 'source_guid'],
  ['exchangeguid', 'source_guid'],
]);

/** The canonical column a header means, whatever the operation, or null when it means none. */
export function canonicalColumnOf(header: string): string | null {
  return HEADER_ALIASES.get(normaliseHeader(header)) ?? null;
}

function columnNames(type: BulkOperationType): string[] {
  return COLUMN_SPECS[type].columns.map((column) => column.name);
}

const RECOVERY_ONLY = new Set(columnNames('recovery').filter((name) => !columnNames('validate').includes(name)));
const RESTORE_ONLY = new Set(columnNames('restore').filter((name) => name !== 'source_guid'));

/**
 * The operation a set of canonical columns points to. Export is never inferred: its file looks like a
 * validate file, and reading more than was asked for is not something to guess.
 */
export function inferType(columns: ReadonlySet<string>): BulkOperationType | null {
  const has = (names: ReadonlySet<string>): boolean => [...names].some((name) => columns.has(name));
  if (columns.has('target_mailbox')) return 'restore';
  if (has(RECOVERY_ONLY)) return 'recovery';
  if (has(RESTORE_ONLY)) return 'restore';
  return columns.has('source_guid') ? 'validate' : null;
}
