/**
 * What the domain needs from an Exchange Online + Entra tenant, in the domain's own words (camelCase).
 * src/tenant implements these over HTTP (InvokeCommand and Microsoft Graph); src/sandbox serves the same
 * HTTP for local runs and tests. Consumers take `Pick<ExchangeGateway, ...>` of just what they call.
 */

/** A mailbox as Get-Mailbox describes it (property names mapped from Exchange's PascalCase). */
export interface MailboxRecord {
  exchangeGuid: string;
  distinguishedName: string;
  legacyExchangeDN: string;
  name: string;
  alias: string;
  displayName: string;
  primarySmtpAddress: string;
  userPrincipalName: string;
  /** As Exchange returns them, prefixes kept: `SMTP:`, `smtp:`, `X500:` … */
  emailAddresses: string[];
  isInactiveMailbox: boolean;
  whenSoftDeleted: string | null;
  /** Not empty while the Entra user is still soft-deleted (under 30 days): restore the user instead. */
  externalDirectoryObjectId: string | null;
  /** e.g. `1;<guid>;Primary;…`, `1;<guid>;AuxPrimary;…`, `1;<guid>;AuxArchive;…` */
  mailboxLocations: string[];
  litigationHoldEnabled: boolean;
  inPlaceHolds: string[];
  complianceTagHoldApplied: boolean;
  delayHoldApplied: boolean;
  delayReleaseHoldApplied: boolean;
  isDirSynced: boolean;
  archiveStatus: string;
  /**
   * Get-Mailbox `AutoExpandingArchiveEnabled`: true once auto-expanding archiving was turned on for the mailbox,
   * whether or not the archive has grown extra (`AuxArchive`) shards yet. Microsoft Learn "Enable auto-expanding
   * archiving" (https://learn.microsoft.com/purview/enable-autoexpanding-archiving), section "Verify that
   * auto-expanding archiving is enabled": `Get-Mailbox <user mailbox> | FL AutoExpandingArchiveEnabled`.
   */
  autoExpandingArchiveEnabled: boolean;
  recipientTypeDetails: string;
}

/**
 * A mail-enabled object as Get-Recipient describes it: a mailbox, mail user, mail contact or group, and with
 * -IncludeSoftDeletedRecipients also the soft-deleted (and inactive) ones.
 * https://learn.microsoft.com/powershell/module/exchangepowershell/get-recipient (Description)
 */
export interface RecipientRecord {
  name: string;
  displayName: string;
  primarySmtpAddress: string;
  /** As Exchange returns them, prefixes kept: `SMTP:` primary, `smtp:` secondary, `X500:` … */
  emailAddresses: string[];
  /** e.g. `UserMailbox`, `MailUser`, `MailContact`, `MailUniversalDistributionGroup`, `GroupMailbox`. */
  recipientTypeDetails: string;
  exchangeGuid: string;
  distinguishedName: string;
  /** The Entra object behind the recipient (a mailbox's user); empty for contacts and most groups. */
  externalDirectoryObjectId: string;
  /** Set when the recipient is soft-deleted (still recoverable); `null` for a live recipient. */
  whenSoftDeleted: string | null;
}

/**
 * A mail user as Get-MailUser describes it. "Mail users … have email addresses and accounts in the Exchange
 * organization, but they don't have Exchange mailboxes" (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailuser,
 * Synopsis); in a hybrid deployment an on-premises mailbox's user is one, and Exchange Online may hold its
 * cloud-based archive: `Get-MailUser <cloud mail user> | FL *archive*` shows ArchiveStatus `Active` and an
 * ArchiveGuid once it is provisioned (Learn "Create a cloud-based archive for an on-premises primary mailbox in
 * an Exchange hybrid deployment", MicrosoftDocs/OfficeDocs-Exchange
 * Exchange/ExchangeHybrid/hybrid-deployment/create-cloud-based-archive.md, Step 2).
 */
export interface MailUserRecord {
  exchangeGuid: string;
  distinguishedName: string;
  legacyExchangeDN: string;
  name: string;
  displayName: string;
  primarySmtpAddress: string;
  /** As Exchange returns them, prefixes kept: `SMTP:`, `smtp:`, `X500:` … */
  emailAddresses: string[];
  isDirSynced: boolean;
  /** `None` until Exchange Online holds an archive for the mail user, then `Active`. */
  archiveStatus: string;
  /** Empty until the cloud-based archive is provisioned. */
  archiveGuid: string;
  recipientTypeDetails: string;
}

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  proxyAddresses: string[];
  onPremisesSyncEnabled: boolean | null;
  usageLocation: string | null;
  assignedLicenses: { skuId: string }[];
}

export interface TenantDomain {
  id: string;
  isVerified: boolean;
  supportedServices: string[];
}

export interface LicenseSku {
  skuId: string;
  skuPartNumber: string;
  /** prepaidUnits.enabled */
  enabledUnits: number;
  consumedUnits: number;
}

export const RESTORE_REQUEST_STATUSES = [
  'None',
  'Queued',
  'InProgress',
  'AutoSuspended',
  'CompletionInProgress',
  'Synced',
  'Completed',
  'CompletedWithWarning',
  'Suspended',
  'Failed',
] as const;
export type RestoreRequestStatus = (typeof RESTORE_REQUEST_STATUSES)[number];

export interface RestoreRequestRecord {
  name: string;
  /** RequestGuid: the identity for the statistics cmdlet. */
  requestGuid: string;
  status: RestoreRequestStatus;
  /**
   * How Exchange prints the target (its Name, or a DN). Get-MailboxRestoreRequest names no source mailbox:
   * only the statistics do (`sourceExchangeGuid`).
   */
  targetMailbox: string;
}

export interface RestoreRequestStatistics {
  status: RestoreRequestStatus;
  /** The ExchangeGuid of the mailbox being copied; `null` when Exchange did not say. */
  sourceExchangeGuid: string | null;
  targetExchangeGuid: string | null;
  statusDetail: string;
  percentComplete: number;
  bytesTransferred: number;
  estimatedTransferSize: number;
  itemsTransferred: number;
  estimatedTransferItemCount: number;
  dataConsistencyScore: string;
  failureMessage: string | null;
}

export interface MailboxStatisticsRecord {
  totalItemSizeBytes: number;
  itemCount: number;
}

export interface NewMailboxFromInactiveParams {
  /** ExchangeGuid or DistinguishedName of the inactive mailbox: never an SMTP address. */
  inactiveMailbox: string;
  name: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  /** The new user's UPN (MicrosoftOnlineServicesID). */
  microsoftOnlineServicesId: string;
  primarySmtpAddress?: string;
  /** Generated with a CSPRNG by the caller; encoded by the gateway; never logged or stored. */
  password: string;
  resetPasswordOnNextLogon: boolean;
}

export interface NewRestoreRequestParams {
  name: string;
  sourceMailbox: string;
  targetMailbox: string;
  targetRootFolder?: string;
  conflictResolutionOption?: string;
  sourceIsArchive?: boolean;
  targetIsArchive?: boolean;
  allowLegacyDNMismatch?: boolean;
  /** Groups a job's requests so one Get-MailboxRestoreRequest -BatchName lists them all. */
  batchName?: string;
}

/** Get-MailboxRestoreRequest filters; with none, every request in the tenant. */
export interface RestoreRequestFilter {
  name?: string;
  targetMailbox?: string;
  batchName?: string;
}

export interface ActiveMailboxCriteria {
  names?: readonly string[];
  exchangeGuids?: readonly string[];
  distinguishedNames?: readonly string[];
}

export interface ExchangeGateway {
  /** Every inactive mailbox (`Get-Mailbox -InactiveMailboxOnly -ResultSize Unlimited`, paged). */
  listInactiveMailboxes(): Promise<MailboxRecord[]>;
  /** One mailbox by GUID, DN, UPN or address; `null` when Exchange says it does not exist. */
  getMailbox(identity: string, options?: { inactiveMailboxOnly?: boolean }): Promise<MailboxRecord | null>;
  /**
   * The active mailboxes (never inactive ones) whose Name, ExchangeGuid or DistinguishedName equals one of
   * the values given, in one filtered `Get-Mailbox` call: what pre-flight needs to know per file, not per row.
   */
  findActiveMailboxes(criteria: ActiveMailboxCriteria): Promise<MailboxRecord[]>;
  /**
   * Every recipient, soft-deleted ones included, holding one of `addresses` (bare SMTP addresses) as an email
   * address, keyed by the address as given. Batched: several addresses per Get-Recipient call.
   */
  findRecipientsByAddress(addresses: readonly string[]): Promise<Map<string, RecipientRecord[]>>;
  newMailboxFromInactive(params: NewMailboxFromInactiveParams): Promise<MailboxRecord>;
  addEmailAddresses(identity: string, addresses: string[]): Promise<void>;
  /** One mail user by GUID, DN or address (`Get-MailUser -Identity`); `null` when there is none. */
  getMailUser(identity: string): Promise<MailUserRecord | null>;
  /** `Set-MailUser -EmailAddresses @{Add=…}`: a mail user's addresses are not Set-Mailbox's to change. */
  addMailUserEmailAddresses(identity: string, addresses: string[]): Promise<void>;
  newRestoreRequest(params: NewRestoreRequestParams): Promise<RestoreRequestRecord>;
  getRestoreRequests(filter: RestoreRequestFilter): Promise<RestoreRequestRecord[]>;
  getRestoreRequestStatistics(requestGuid: string): Promise<RestoreRequestStatistics>;
  getMailboxStatistics(identity: string): Promise<MailboxStatisticsRecord | null>;
}

export interface TemporaryAccessPass {
  temporaryAccessPass: string;
  startDateTime: string;
  lifetimeInMinutes: number;
}

/**
 * A user's Temporary Access Pass as Graph lists it: never the secret, which Graph returns only on creation
 * (Learn "temporaryAccessPassAuthenticationMethod resource type", Properties).
 */
export interface TemporaryAccessPassMethod {
  id: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsable: boolean;
  /** `EnabledByPolicy`, `DisabledByPolicy`, `Expired`, `NotYetValid` or `OneTimeUsed`. */
  methodUsabilityReason: string;
}

/**
 * The tenant's Temporary Access Pass policy, as far as pre-flight needs it
 * (Learn: temporaryAccessPassAuthenticationMethodConfiguration resource type).
 */
export interface TemporaryAccessPassPolicy {
  /** `state` is `enabled`. */
  enabled: boolean;
  /** `includeTargets` ids: `all_users` or group ids; `null` when the answer did not carry them. */
  includeTargetIds: string[] | null;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  /** When true, every pass in the tenant is one-time. */
  isUsableOnce: boolean;
}

export interface GraphGateway {
  /** Look-ups batched 20 to a `$batch` request; a UPN with no user maps to `null`. */
  getUsersByUpn(upns: readonly string[]): Promise<Map<string, DirectoryUser | null>>;
  /** Users holding `smtp:<address>` in proxyAddresses, batched 20 to a `$batch` request. */
  getUsersByProxyAddress(addresses: readonly string[]): Promise<Map<string, DirectoryUser[]>>;
  listDomains(): Promise<TenantDomain[]>;
  listSubscribedSkus(): Promise<LicenseSku[]>;
  getUser(idOrUpn: string): Promise<DirectoryUser | null>;
  setUsageLocation(userId: string, usageLocation: string): Promise<void>;
  assignLicense(userId: string, skuId: string): Promise<void>;
  createTemporaryAccessPass(
    userId: string,
    options: { lifetimeInMinutes: number; isUsableOnce: boolean },
  ): Promise<TemporaryAccessPass>;
  /** The user's passes: at most one (Learn "List temporaryAccessPassMethods"). */
  listTemporaryAccessPasses(userId: string): Promise<TemporaryAccessPassMethod[]>;
  deleteTemporaryAccessPass(userId: string, methodId: string): Promise<void>;
  isMemberOfGroup(userId: string, groupId: string): Promise<boolean>;
  getTemporaryAccessPassPolicy(): Promise<TemporaryAccessPassPolicy>;
}

/**
 * How a tenant call failed, classified for the bulk engine:
 * `permanent` (the cmdlet refused: retrying will not help), `transient` (throttled, 5xx, dropped: retry,
 * honouring `retryAfterMs`), `fatal` (401/403: the app lacks a permission; stop the job and say which).
 */
export class TenantError extends Error {
  readonly errorClass: 'permanent' | 'transient' | 'fatal';
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    init: {
      code: string;
      message: string;
      errorClass: 'permanent' | 'transient' | 'fatal';
      retryAfterMs?: number;
      httpStatus?: number;
    },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.name = 'TenantError';
    this.code = init.code;
    this.errorClass = init.errorClass;
    this.retryAfterMs = init.retryAfterMs;
    this.httpStatus = init.httpStatus;
  }
}

/** Stable codes for tenant failures that are not pre-flight verdicts. */
export const TENANT_ERROR_CODES = {
  nameInUse: 'NAME_IN_USE',
  objectNotFound: 'OBJECT_NOT_FOUND',
  additionalShards: 'AUX_PRIMARY_SHARD',
  legacyDnMismatch: 'LEGACY_DN_MISMATCH',
  cmdletFailed: 'CMDLET_FAILED',
  unauthorized: 'TENANT_UNAUTHORIZED',
  forbidden: 'TENANT_FORBIDDEN',
  throttled: 'TENANT_THROTTLED',
  unavailable: 'TENANT_UNAVAILABLE',
  badResponse: 'TENANT_BAD_RESPONSE',
  graphFailed: 'GRAPH_FAILED',
  tokenFailed: 'TOKEN_FAILED',
  passwordKeyInvalid: 'PASSWORD_KEY_INVALID',
} as const;
