import { RESTORE_REQUEST_STATUSES } from '../operations/tenant-ports.ts';
import type { TenantFixture } from './fixture-types.ts';

/** A fixture file that does not have the documented shape; `issues` names each bad field by its path. */
export class FixtureError extends Error {
  readonly code = 'SANDBOX_FIXTURE_INVALID';
  readonly issues: string[];

  constructor(source: string, issues: string[], options?: { cause?: unknown }) {
    const shown = issues.slice(0, 20).map((issue) => `  - ${issue}`);
    if (issues.length > shown.length) shown.push(`  … and ${issues.length - shown.length} more`);
    super(`The tenant fixture ${source} is not valid:\n${shown.join('\n')}`, options);
    this.name = 'FixtureError';
    this.issues = issues;
  }
}

type Kind = 'string' | 'string?' | 'guid' | 'boolean' | 'boolean?' | 'number' | 'string[]' | 'date?' | 'array';
type Shape = Record<string, Kind>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SHAPES = {
  domains: { id: 'string', isVerified: 'boolean', supportedServices: 'string[]' },
  subscribedSkus: { skuId: 'guid', skuPartNumber: 'string', consumedUnits: 'number' },
  users: {
    id: 'string',
    userPrincipalName: 'string',
    mail: 'string?',
    proxyAddresses: 'string[]',
    onPremisesSyncEnabled: 'boolean?',
    usageLocation: 'string?',
    assignedLicenses: 'array',
  },
  mailboxes: {
    ExchangeGuid: 'guid',
    DistinguishedName: 'string',
    LegacyExchangeDN: 'string',
    Name: 'string',
    Alias: 'string',
    DisplayName: 'string',
    PrimarySmtpAddress: 'string',
    UserPrincipalName: 'string',
    EmailAddresses: 'string[]',
    IsInactiveMailbox: 'boolean',
    WhenSoftDeleted: 'date?',
    ExternalDirectoryObjectId: 'string?',
    MailboxLocations: 'string[]',
    LitigationHoldEnabled: 'boolean',
    InPlaceHolds: 'string[]',
    ComplianceTagHoldApplied: 'boolean',
    DelayHoldApplied: 'boolean',
    IsDirSynced: 'boolean',
    ArchiveStatus: 'string',
    RecipientTypeDetails: 'string',
  },
  restoreRequests: {
    Name: 'string',
    RequestGuid: 'guid',
    Status: 'string',
    SourceExchangeGuid: 'guid',
    TargetMailbox: 'string',
  },
  mailboxStatistics: { MailboxGuid: 'guid', ItemCount: 'number', TotalItemSize: 'string' },
  groups: { id: 'string', displayName: 'string', members: 'string[]' },
  recipients: {
    Name: 'string',
    DisplayName: 'string',
    PrimarySmtpAddress: 'string',
    EmailAddresses: 'string[]',
    RecipientType: 'string',
    RecipientTypeDetails: 'string',
    WhenSoftDeleted: 'date?',
  },
} satisfies Record<string, Shape>;

const OPTIONAL_LISTS = new Set(['mailboxStatistics', 'groups', 'recipients']);

function describeMismatch(value: unknown, kind: Kind): string | undefined {
  const isString = typeof value === 'string';
  switch (kind) {
    case 'string':
      return isString && value !== '' ? undefined : 'expected a non-empty string';
    case 'string?':
      return value === null || isString ? undefined : 'expected a string or null';
    case 'guid':
      return isString && GUID.test(value) ? undefined : 'expected a GUID';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'boolean?':
      return value === null || typeof value === 'boolean' ? undefined : 'expected true, false or null';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'expected a string array';
    case 'date?':
      if (value === null) return undefined;
      return isString && !Number.isNaN(Date.parse(value)) ? undefined : 'expected an ISO date or null';
    case 'array':
      return Array.isArray(value) ? undefined : 'expected an array';
  }
}

function checkList(fixture: Record<string, unknown>, key: keyof typeof SHAPES, issues: string[]): void {
  const list = fixture[key];
  if (list === undefined && OPTIONAL_LISTS.has(key)) return;
  if (!Array.isArray(list)) {
    issues.push(`${key}: expected an array`);
    return;
  }
  const shape: Shape = SHAPES[key];
  list.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) {
      issues.push(`${key}[${index}]: expected an object`);
      return;
    }
    for (const [field, kind] of Object.entries(shape)) {
      const problem = describeMismatch((entry as Record<string, unknown>)[field], kind);
      if (problem) issues.push(`${key}[${index}].${field}: ${problem}`);
    }
  });
}

function checkUnique(list: unknown, listName: string, field: string, issues: string[]): void {
  if (!Array.isArray(list)) return;
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const value = (entry as Record<string, unknown> | null)?.[field];
    if (typeof value !== 'string') return;
    const key = value.toLowerCase();
    if (seen.has(key)) issues.push(`${listName}[${index}].${field}: "${value}" appears more than once`);
    seen.add(key);
  });
}

function checkSemantics(fixture: Record<string, unknown>, issues: string[]): void {
  checkUnique(fixture.mailboxes, 'mailboxes', 'ExchangeGuid', issues);
  checkUnique(fixture.users, 'users', 'id', issues);
  checkUnique(fixture.users, 'users', 'userPrincipalName', issues);
  checkUnique(fixture.restoreRequests, 'restoreRequests', 'RequestGuid', issues);
  const statuses: readonly string[] = RESTORE_REQUEST_STATUSES;
  (Array.isArray(fixture.restoreRequests) ? fixture.restoreRequests : []).forEach((request: unknown, index) => {
    const status = (request as Record<string, unknown> | null)?.Status;
    if (typeof status === 'string' && !statuses.includes(status)) {
      issues.push(`restoreRequests[${index}].Status: "${status}" is not one of ${statuses.join(', ')}`);
    }
  });
  const outcomes = fixture.restoreOutcomes;
  if (outcomes === undefined) return;
  if (typeof outcomes !== 'object' || outcomes === null || Array.isArray(outcomes)) {
    issues.push('restoreOutcomes: expected an object keyed by ExchangeGuid');
    return;
  }
  for (const [guid, outcome] of Object.entries(outcomes)) {
    if (!['Completed', 'CompletedWithWarning', 'Failed'].includes(String(outcome))) {
      issues.push(`restoreOutcomes.${guid}: expected Completed, CompletedWithWarning or Failed`);
    }
  }
}

/** Checks `value` against the documented fixture shape; throws a FixtureError listing every problem. */
export function validateTenantFixture(value: unknown, source = '(in memory)'): TenantFixture {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FixtureError(source, ['the top level must be a JSON object']);
  }
  const fixture = value as Record<string, unknown>;
  const issues: string[] = [];
  if (typeof fixture.tenantId !== 'string' || !GUID.test(fixture.tenantId)) {
    issues.push('tenantId: expected the tenant GUID');
  }
  for (const key of Object.keys(SHAPES) as (keyof typeof SHAPES)[]) checkList(fixture, key, issues);
  checkSemantics(fixture, issues);
  if (issues.length > 0) throw new FixtureError(source, issues);
  return value as TenantFixture;
}
