import { RESTORE_REQUEST_STATUSES } from '../../operations/tenant-ports.ts';
import type {
  MailboxRecord,
  MailboxStatisticsRecord,
  MailUserRecord,
  RecipientRecord,
  RestoreRequestRecord,
  RestoreRequestStatistics,
  RestoreRequestStatus,
} from '../../operations/tenant-ports.ts';

type ExchangeObject = Record<string, unknown>;

/** Exactly the Get-Mailbox properties a MailboxRecord needs (sent as `$select`). */
export const MAILBOX_PROPERTIES = [
  'ExchangeGuid',
  'DistinguishedName',
  'LegacyExchangeDN',
  'Name',
  'Alias',
  'DisplayName',
  'PrimarySmtpAddress',
  'UserPrincipalName',
  'EmailAddresses',
  'IsInactiveMailbox',
  'WhenSoftDeleted',
  'ExternalDirectoryObjectId',
  'MailboxLocations',
  'LitigationHoldEnabled',
  'InPlaceHolds',
  'ComplianceTagHoldApplied',
  'DelayHoldApplied',
  'DelayReleaseHoldApplied',
  'IsDirSynced',
  'ArchiveStatus',
  'AutoExpandingArchiveEnabled',
  'RecipientTypeDetails',
] as const;

export function mapMailbox(source: ExchangeObject): MailboxRecord {
  return {
    exchangeGuid: readString(source, 'ExchangeGuid'),
    distinguishedName: readString(source, 'DistinguishedName'),
    legacyExchangeDN: readString(source, 'LegacyExchangeDN'),
    name: readString(source, 'Name'),
    alias: readString(source, 'Alias'),
    displayName: readString(source, 'DisplayName'),
    primarySmtpAddress: readString(source, 'PrimarySmtpAddress'),
    userPrincipalName: readString(source, 'UserPrincipalName'),
    emailAddresses: readStringList(source, 'EmailAddresses'),
    isInactiveMailbox: readBoolean(source, 'IsInactiveMailbox'),
    whenSoftDeleted: readDate(source, 'WhenSoftDeleted'),
    externalDirectoryObjectId: readString(source, 'ExternalDirectoryObjectId') || null,
    mailboxLocations: readStringList(source, 'MailboxLocations'),
    litigationHoldEnabled: readBoolean(source, 'LitigationHoldEnabled'),
    inPlaceHolds: readStringList(source, 'InPlaceHolds'),
    complianceTagHoldApplied: readBoolean(source, 'ComplianceTagHoldApplied'),
    delayHoldApplied: readBoolean(source, 'DelayHoldApplied'),
    delayReleaseHoldApplied: readBoolean(source, 'DelayReleaseHoldApplied'),
    isDirSynced: readBoolean(source, 'IsDirSynced'),
    archiveStatus: readString(source, 'ArchiveStatus') || 'None',
    autoExpandingArchiveEnabled: readBoolean(source, 'AutoExpandingArchiveEnabled'),
    recipientTypeDetails: readString(source, 'RecipientTypeDetails'),
  };
}

export function mapRestoreRequest(source: ExchangeObject): RestoreRequestRecord {
  return {
    name: readString(source, 'Name'),
    requestGuid: readString(source, 'RequestGuid'),
    status: readRestoreStatus(source),
    targetMailbox: readIdentity(source['TargetMailbox']),
  };
}

export function mapRestoreRequestStatistics(source: ExchangeObject): RestoreRequestStatistics {
  const status = readRestoreStatus(source);
  const failureType = readString(source, 'FailureType');
  const message =
    readString(source, 'FailureMessage') || (status === 'Failed' || failureType ? readString(source, 'Message') : '');
  return {
    status,
    // Statistics name both mailboxes by ExchangeGuid (KelvinTegelaar/CIPP src/components/CippComponents/MailboxRestoreDetails.jsx).
    sourceExchangeGuid: readString(source, 'SourceExchangeGuid') || null,
    targetExchangeGuid: readString(source, 'TargetExchangeGuid') || null,
    statusDetail: readString(source, 'StatusDetail'),
    percentComplete: readNumber(source, 'PercentComplete'),
    bytesTransferred: parseByteQuantity(source['BytesTransferred']),
    estimatedTransferSize: parseByteQuantity(source['EstimatedTransferSize']),
    itemsTransferred: readNumber(source, 'ItemsTransferred'),
    estimatedTransferItemCount: readNumber(source, 'EstimatedTransferItemCount'),
    dataConsistencyScore: readString(source, 'DataConsistencyScore'),
    failureMessage: message || null,
  };
}

export function mapMailboxStatistics(source: ExchangeObject): MailboxStatisticsRecord {
  return {
    totalItemSizeBytes: parseByteQuantity(source['TotalItemSize']),
    itemCount: readNumber(source, 'ItemCount'),
  };
}

const UNIT_BYTES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/**
 * Exchange sizes arrive as numbers, or as ByteQuantifiedSize text: `"1.2 GB (1,288,490,189 bytes)"`.
 * The exact byte count in brackets wins; a bare `"1.2 GB"` is converted; anything else is 0.
 */
export function parseByteQuantity(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'object' && value !== null && 'Value' in value) {
    return parseByteQuantity((value as { Value: unknown }).Value);
  }
  if (typeof value !== 'string') return 0;
  const exact = /\(([\d,.\s]+)\s*bytes\)/i.exec(value);
  if (exact?.[1]) return Number(exact[1].replace(/[,.\s]/g, ''));
  const approximate = /^\s*([\d.,]+)\s*(B|KB|MB|GB|TB)\b/i.exec(value);
  const unit = approximate?.[2] ? UNIT_BYTES[approximate[2].toUpperCase()] : undefined;
  if (approximate?.[1] && unit) return Math.round(Number(approximate[1].replace(/,/g, '')) * unit);
  return /^\s*\d+\s*$/.test(value) ? Number(value) : 0;
}

function readRestoreStatus(source: ExchangeObject): RestoreRequestStatus {
  const text = readString(source, 'Status').toLowerCase();
  return RESTORE_REQUEST_STATUSES.find((status) => status.toLowerCase() === text) ?? 'None';
}

function readString(source: ExchangeObject, key: string): string {
  const value = source[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function readNumber(source: ExchangeObject, key: string): number {
  const value = source[key];
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/,/g, '')) : NaN;
  return Number.isFinite(number) ? number : 0;
}

function readBoolean(source: ExchangeObject, key: string): boolean {
  const value = source[key];
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

// MultiValuedProperty arrives as an array, sometimes as a single string.
function readStringList(source: ExchangeObject, key: string): string[] {
  const value = source[key];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

// Dates come as ISO text or, from older serialisers, as `/Date(<ms>)/`.
function readDate(source: ExchangeObject, key: string): string | null {
  const text = readString(source, key).trim();
  if (!text) return null;
  const legacy = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(text);
  return legacy?.[1] ? new Date(Number(legacy[1])).toISOString() : text;
}

// ADObjectId values arrive as text, or as objects carrying a name or DN.
function readIdentity(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  const object = value as ExchangeObject;
  return readString(object, 'DistinguishedName') || readString(object, 'Name') || readString(object, 'ObjectGuid');
}

/** The Get-Recipient properties a RecipientRecord needs (sent as `$select`). */
export const RECIPIENT_PROPERTIES = [
  'Name',
  'DisplayName',
  'PrimarySmtpAddress',
  'EmailAddresses',
  'RecipientTypeDetails',
  'ExchangeGuid',
  'DistinguishedName',
  'ExternalDirectoryObjectId',
  'WhenSoftDeleted',
] as const;

export function mapRecipient(source: ExchangeObject): RecipientRecord {
  return {
    name: readString(source, 'Name'),
    displayName: readString(source, 'DisplayName'),
    primarySmtpAddress: readString(source, 'PrimarySmtpAddress'),
    emailAddresses: readStringList(source, 'EmailAddresses'),
    recipientTypeDetails: readString(source, 'RecipientTypeDetails'),
    exchangeGuid: readString(source, 'ExchangeGuid'),
    distinguishedName: readString(source, 'DistinguishedName'),
    externalDirectoryObjectId: readString(source, 'ExternalDirectoryObjectId'),
    whenSoftDeleted: readDate(source, 'WhenSoftDeleted'),
  };
}

/**
 * The Get-MailUser properties a MailUserRecord needs (sent as `$select`). ArchiveStatus and ArchiveGuid are the
 * ones Learn reads to see a mail user's cloud-based archive (MicrosoftDocs/OfficeDocs-Exchange
 * Exchange/ExchangeHybrid/hybrid-deployment/create-cloud-based-archive.md, Step 2: `Get-MailUser … | FL *archive*`).
 */
export const MAIL_USER_PROPERTIES = [
  'ExchangeGuid',
  'DistinguishedName',
  'LegacyExchangeDN',
  'Name',
  'DisplayName',
  'PrimarySmtpAddress',
  'EmailAddresses',
  'IsDirSynced',
  'ArchiveStatus',
  'ArchiveGuid',
  'RecipientTypeDetails',
] as const;

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

export function mapMailUser(source: ExchangeObject): MailUserRecord {
  const archiveGuid = readString(source, 'ArchiveGuid');
  return {
    exchangeGuid: readString(source, 'ExchangeGuid'),
    distinguishedName: readString(source, 'DistinguishedName'),
    legacyExchangeDN: readString(source, 'LegacyExchangeDN'),
    name: readString(source, 'Name'),
    displayName: readString(source, 'DisplayName'),
    primarySmtpAddress: readString(source, 'PrimarySmtpAddress'),
    emailAddresses: readStringList(source, 'EmailAddresses'),
    isDirSynced: readBoolean(source, 'IsDirSynced'),
    archiveStatus: readString(source, 'ArchiveStatus') || 'None',
    // Exchange prints an unset GUID as zeros.
    archiveGuid: archiveGuid === EMPTY_GUID ? '' : archiveGuid,
    recipientTypeDetails: readString(source, 'RecipientTypeDetails'),
  };
}
