/**
 * Files an admin made with `Get-Mailbox -InactiveMailboxOnly | Export-Csv`: the mailboxes they want to act on,
 * with every property Exchange has as a column. We read the property that names each mailbox and ignore the rest.
 */
import type { BulkOperationType } from '../model.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { normaliseHeader } from './column-specs.ts';
import { fileIssue } from './issues.ts';

// "Use the value of the DistinguishedName or ExchangeGUID property to identify the inactive mailbox [...] it's
// possible that an active and an inactive mailbox might have the same primary SMTP address": Microsoft Learn,
// https://learn.microsoft.com/purview/recover-an-inactive-mailbox, the IMPORTANT note of section "Recover an
// inactive mailbox"; its "Before you begin" lists `Get-Mailbox -InactiveMailboxOnly | FL Name,DistinguishedName,
// ExchangeGuid,PrimarySmtpAddress` as the way to find them. So
// ExchangeGuid (an alias in column-specs.ts) comes first, then DistinguishedName, and PrimarySmtpAddress only
// when the file has neither; the pre-flight then warns SOURCE_BY_SMTP on every such row.
const FALLBACK_SOURCE_PROPERTIES = ['distinguishedname', 'primarysmtpaddress'];

const EXCHANGE_PROPERTIES = new Set(['exchangeguid', ...FALLBACK_SOURCE_PROPERTIES]);

// Get-Mailbox properties spelt like one of our columns but holding something else. Exchange prints
// UsageLocation as a country name ("United States"), where Graph wants an ISO code ("US"): no public Learn page
// shows the value; seen in DirtyDabe23/powerShell_Utilities standardScripts/ExO/Mailbox/Set-Mailbox-Region.ps1,
// which switches on Get-Mailbox UsageLocation values 'United States', 'United Kingdom', ...
const LOOKALIKE_PROPERTIES = new Set(['usagelocation']);

/** A `#TYPE` line, or a property only Exchange output has, says the file came out of Export-Csv. */
export function isMailboxExport(headers: readonly string[], typeInformation: string | null): boolean {
  return typeInformation !== null || headers.some((header) => EXCHANGE_PROPERTIES.has(normaliseHeader(header)));
}

/**
 * The canonical column of each header of a mailbox export: `canonical` as the aliases read it, with the first
 * fallback property as the source when no header names it, and look-alike properties dropped.
 */
export function mapMailboxExportHeaders(
  headers: readonly string[],
  canonical: readonly (string | null)[],
): (string | null)[] {
  const names = headers.map(normaliseHeader);
  const mapped = canonical.map((name, index) => (LOOKALIKE_PROPERTIES.has(names[index] ?? '') ? null : name));
  if (mapped.includes('source_guid')) return mapped;
  for (const property of FALLBACK_SOURCE_PROPERTIES) {
    const index = names.indexOf(property);
    if (index !== -1) {
      mapped[index] = 'source_guid';
      return mapped;
    }
  }
  return mapped;
}

/**
 * A mailbox export names mailboxes and no targets, which is what a validate file is; the targets of a recovery
 * or restore are not in Exchange's output, so only a column the admin added can make it one of those. Export is
 * never guessed (column-specs.ts `inferType`): the note says how to ask for it.
 */
export function inferMailboxExportType(columns: ReadonlySet<string>): BulkOperationType | null {
  if (columns.has('target_upn') || columns.has('target_mailbox')) return null;
  return columns.has('source_guid') ? 'validate' : null;
}

function listSome(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown}, …` : shown;
}

/** One note for all the columns a mailbox export brings along, instead of one per column. */
export function describeIgnoredExportColumns(
  sourceHeader: string | null,
  ignored: readonly string[],
  type: BulkOperationType,
  inferred: boolean,
): ValidationIssue {
  const named = ignored.filter((header) => header !== '');
  const columns = `${ignored.length} ${ignored.length === 1 ? 'column' : 'columns'}${named.length > 0 ? ` (${listSome(named)})` : ''}`;
  const what =
    sourceHeader === null
      ? `This is a PowerShell Export-Csv file (such as Get-Mailbox output); its ${columns}`
      : `This is a PowerShell Export-Csv file (such as Get-Mailbox output): ${sourceHeader} names each mailbox, ` +
        `and the other ${columns}`;
  // Untyped, it is read the way a file of sources alone always is (column-specs.ts `inferType`): both operations
  // only read the tenant, so the note says how to ask for the other instead of stopping to ask.
  const ask = inferred
    ? ` It is read as a ${type} file because it names mailboxes but no targets; to export the mailboxes instead, ` +
      'ask for an export (say "export" with the file).'
    : '';
  return fileIssue('UNKNOWN_COLUMN', `${what} are not used by a ${type} file and are ignored.${ask}`, {
    severity: 'warning',
  });
}
