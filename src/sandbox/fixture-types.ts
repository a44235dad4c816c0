/**
 * The sandbox tenant's fixture: what a tenant holds, in the wire shapes the real services use
 * (Graph objects in camelCase, Exchange cmdlet objects in PascalCase). docs/sandbox-fixture.md explains each field.
 */
import type { RestoreRequestStatus } from '../operations/tenant-ports.ts';

/** A Graph `domain`. */
export interface FixtureDomain {
  id: string;
  isVerified: boolean;
  isDefault?: boolean;
  isInitial?: boolean;
  supportedServices: string[];
  [property: string]: unknown;
}

/** A Graph `subscribedSku`. */
export interface FixtureSubscribedSku {
  skuId: string;
  skuPartNumber: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended?: number; warning?: number; lockedOut?: number };
  [property: string]: unknown;
}

/** A Graph `user` (only the properties the product reads are required). */
export interface FixtureUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  proxyAddresses: string[];
  onPremisesSyncEnabled: boolean | null;
  usageLocation: string | null;
  assignedLicenses: { skuId: string; disabledPlans?: string[] }[];
  displayName?: string;
  givenName?: string | null;
  surname?: string | null;
  accountEnabled?: boolean;
  [property: string]: unknown;
}

/** A Get-Mailbox object, real property names. Extra properties are served as they are. */
export interface FixtureMailbox {
  ExchangeGuid: string;
  DistinguishedName: string;
  LegacyExchangeDN: string;
  Name: string;
  Alias: string;
  DisplayName: string;
  PrimarySmtpAddress: string;
  UserPrincipalName: string;
  EmailAddresses: string[];
  IsInactiveMailbox: boolean;
  WhenSoftDeleted: string | null;
  /** Empty ("") when the Entra user is gone; set while it is still soft-deleted (under 30 days). */
  ExternalDirectoryObjectId: string | null;
  MailboxLocations: string[];
  LitigationHoldEnabled: boolean;
  InPlaceHolds: string[];
  ComplianceTagHoldApplied: boolean;
  DelayHoldApplied: boolean;
  DelayReleaseHoldApplied?: boolean;
  IsDirSynced: boolean;
  ArchiveStatus: string;
  RecipientTypeDetails: string;
  [property: string]: unknown;
}

/**
 * A Get-Recipient object that is not one of `mailboxes`: a mail user, mail contact, distribution or Microsoft
 * 365 group, or a soft-deleted mailbox (`WhenSoftDeleted` set, DN under `OU=Soft Deleted Objects`).
 */
export interface FixtureRecipient {
  Name: string;
  DisplayName: string;
  PrimarySmtpAddress: string;
  EmailAddresses: string[];
  RecipientType: string;
  RecipientTypeDetails: string;
  WhenSoftDeleted: string | null;
  [property: string]: unknown;
}

/** A Get-MailboxRestoreRequest object; statistics properties may ride along (served by the statistics cmdlet). */
export interface FixtureRestoreRequest {
  Name: string;
  RequestGuid: string;
  Status: RestoreRequestStatus;
  /** Served by Get-MailboxRestoreRequestStatistics only: the request object itself names no source. */
  SourceExchangeGuid: string;
  TargetMailbox: string;
  [property: string]: unknown;
}

/** A Get-MailboxStatistics object. Sizes are Exchange's strings: `"1.2 GB (1,288,490,189 bytes)"`. */
export interface FixtureMailboxStatistics {
  MailboxGuid: string;
  ItemCount: number;
  TotalItemSize: string;
  [property: string]: unknown;
}

export interface FixtureGroup {
  id: string;
  displayName: string;
  /** Graph user ids. */
  members: string[];
}

/**
 * A Graph `temporaryAccessPassAuthenticationMethodConfiguration` (Learn resource type of that name);
 * `includeTargets[].id` is `all_users` or a group id from `groups`.
 */
export interface FixtureTemporaryAccessPassPolicy {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
  includeTargets: { targetType: 'group'; id: string; isRegistrationRequired: boolean }[];
  excludeTargets: { targetType: 'group'; id: string }[];
}

export type RestoreOutcome = 'Completed' | 'CompletedWithWarning' | 'Failed';

export interface TenantFixture {
  tenantId: string;
  /** Free text shown by `npm run sandbox`. */
  description?: string;
  /** The date WhenSoftDeleted values were generated against (ISO). Informational. */
  referenceDate?: string;
  /** Named in "couldn't be found on '<dc>'" errors. */
  domainController?: string;
  domains: FixtureDomain[];
  subscribedSkus: FixtureSubscribedSku[];
  users: FixtureUser[];
  mailboxes: FixtureMailbox[];
  restoreRequests: FixtureRestoreRequest[];
  mailboxStatistics?: FixtureMailboxStatistics[];
  groups?: FixtureGroup[];
  /** Mail-enabled objects other than mailboxes, for Get-Recipient and address clashes. */
  recipients?: FixtureRecipient[];
  /** How a new restore request ends, keyed by the ExchangeGuid of its source (or else its target) mailbox. */
  restoreOutcomes?: Record<string, RestoreOutcome>;
  /** Given fields override Learn's example policy (enabled for all users, 60–480 minutes). */
  temporaryAccessPassPolicy?: Partial<FixtureTemporaryAccessPassPolicy>;
}
