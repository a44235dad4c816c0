/**
 * The tenant's live state, cloned from the fixture: what Exchange and Graph both see. Changes are real —
 * a recovered mailbox stops being inactive, a new user appears in Graph, a restore request is added.
 */
import type {
  FixtureDomain,
  FixtureGroup,
  FixtureMailbox,
  FixtureMailboxStatistics,
  FixtureRecipient,
  FixtureRestoreRequest,
  FixtureSubscribedSku,
  FixtureUser,
  FixtureTemporaryAccessPassPolicy,
  RestoreOutcome,
  TenantFixture,
} from './fixture-types.ts';
import { resolveTemporaryAccessPassPolicy } from './fixture-tap-policy.ts';
import { isMailUser, matchesMailboxIdentity, matchesRecipientIdentity } from './mailbox-identity.ts';
import type { Prng } from './prng.ts';
import type { RestorePlan } from './restore-progress.ts';

export type MailboxScope = 'active' | 'inactive' | 'all';

export interface StoredUser {
  user: FixtureUser;
  /** Graph only returns the user from this instant on (provisioning delay after New-Mailbox). */
  visibleAtMs: number;
}

export interface StoredRestoreRequest {
  request: FixtureRestoreRequest;
  /** Requests created through New-MailboxRestoreRequest progress; fixture requests stay as they were given. */
  plan?: RestorePlan;
}

/**
 * A user's Temporary Access Pass as Graph lists it. The secret is not kept: Graph returns it only on creation
 * (Learn "temporaryAccessPassAuthenticationMethod resource type", temporaryAccessPass).
 */
export interface StoredAccessPass {
  id: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
}

export interface TenantStateOptions {
  now: () => number;
  prng: Prng;
}

export class TenantState {
  readonly tenantId: string;
  readonly domainController: string;
  readonly domains: FixtureDomain[];
  readonly subscribedSkus: FixtureSubscribedSku[];
  readonly groups: FixtureGroup[];
  readonly mailboxes: FixtureMailbox[];
  /** Mail users, contacts, groups and soft-deleted mailboxes (Get-Recipient). */
  readonly recipients: FixtureRecipient[];
  readonly users: StoredUser[];
  readonly restoreRequests: StoredRestoreRequest[];
  readonly statistics: Map<string, FixtureMailboxStatistics>;
  readonly restoreOutcomes: Record<string, RestoreOutcome>;
  readonly temporaryAccessPassPolicy: FixtureTemporaryAccessPassPolicy;
  /** Each user's one Temporary Access Pass, by lower-cased user id. */
  readonly accessPasses = new Map<string, StoredAccessPass>();
  readonly now: () => number;
  readonly prng: Prng;

  constructor(fixture: TenantFixture, options: TenantStateOptions) {
    const copy = structuredClone(fixture);
    this.tenantId = copy.tenantId;
    this.domainController = copy.domainController ?? 'SN6PR04A006DC01.NAMPR04A006.PROD.OUTLOOK.COM';
    this.domains = copy.domains;
    this.subscribedSkus = copy.subscribedSkus;
    this.groups = copy.groups ?? [];
    this.mailboxes = copy.mailboxes;
    this.recipients = copy.recipients ?? [];
    this.users = copy.users.map((user) => ({ user, visibleAtMs: Number.NEGATIVE_INFINITY }));
    this.restoreRequests = copy.restoreRequests.map((request) => ({ request }));
    this.statistics = new Map((copy.mailboxStatistics ?? []).map((stats) => [stats.MailboxGuid.toLowerCase(), stats]));
    this.restoreOutcomes = Object.fromEntries(
      Object.entries(copy.restoreOutcomes ?? {}).map(([guid, outcome]) => [guid.toLowerCase(), outcome]),
    );
    this.temporaryAccessPassPolicy = resolveTemporaryAccessPassPolicy(copy.temporaryAccessPassPolicy);
    this.now = options.now;
    this.prng = options.prng;
  }

  /** The initial `*.onmicrosoft.com` domain, where every mailbox gets a routing address. */
  get initialDomain(): string {
    return this.domains.find((domain) => domain.isInitial)?.id ?? 'contoso.onmicrosoft.com';
  }

  /** Verified domains with the Email service: the only ones an address or UPN may use. */
  isAcceptedDomain(domain: string): boolean {
    return this.domains.some(
      (entry) =>
        entry.id.toLowerCase() === domain.toLowerCase() &&
        entry.isVerified &&
        entry.supportedServices.includes('Email'),
    );
  }

  findMailboxes(identity: string, scope: MailboxScope): FixtureMailbox[] {
    return this.mailboxes.filter(
      (mailbox) =>
        (scope === 'all' || mailbox.IsInactiveMailbox === (scope === 'inactive')) &&
        matchesMailboxIdentity(mailbox, identity),
    );
  }

  /**
   * Live mail users an identity names: the `recipients` whose RecipientTypeDetails is MailUser or GuestMailUser
   * ("Use the Get-MailUser cmdlet to view mail users and also guest users for Microsoft 365 Groups in cloud
   * environments", https://learn.microsoft.com/powershell/module/exchangepowershell/get-mailuser, Synopsis).
   * Soft-deleted ones need -SoftDeletedMailUser there, which the sandbox does not serve.
   */
  findMailUsers(identity: string): FixtureRecipient[] {
    return this.recipients.filter(
      (recipient) =>
        isMailUser(recipient) && recipient.WhenSoftDeleted === null && matchesRecipientIdentity(recipient, identity),
    );
  }

  listMailboxes(scope: MailboxScope): FixtureMailbox[] {
    return this.mailboxes.filter((mailbox) => scope === 'all' || mailbox.IsInactiveMailbox === (scope === 'inactive'));
  }

  /**
   * The active recipient (other than `except`) that already holds a proxy address, by display name.
   * Inactive mailboxes do not block addresses: an active and an inactive mailbox may share one.
   */
  findProxyAddressOwner(address: string, except?: FixtureMailbox | FixtureRecipient): string | undefined {
    const wanted = address.toLowerCase();
    const bare = wanted.replace(/^smtp:/, '');
    for (const mailbox of this.listMailboxes('active')) {
      if (mailbox === except) continue;
      const held =
        mailbox.EmailAddresses.some(
          (entry) => entry.toLowerCase() === wanted || entry.toLowerCase() === `smtp:${bare}`,
        ) || `x500:${mailbox.LegacyExchangeDN.toLowerCase()}` === wanted;
      if (held) return mailbox.Name;
    }
    // Contacts, mail users and groups hold addresses too: "the email address you chose is already taken by
    // another email-enabled object" (MicrosoftDocs OfficeDocs-AlchemyInsights,
    // AlchemyInsights/proxy-address-error-while-creating-a-shared-mailbox.md). Soft-deleted ones are treated
    // like inactive mailboxes: no public source found; assumption: they do not block the address.
    const recipient = this.recipients.find(
      (entry) =>
        entry !== except &&
        entry.WhenSoftDeleted === null &&
        entry.EmailAddresses.some((held) => held.toLowerCase() === wanted || held.toLowerCase() === `smtp:${bare}`),
    );
    if (recipient) return recipient.Name;
    const exceptUserId = except?.ExternalDirectoryObjectId;
    const owner = this.users.find(
      ({ user }) =>
        user.id !== exceptUserId &&
        user.proxyAddresses.some((entry) => entry.toLowerCase() === wanted || entry.toLowerCase() === `smtp:${bare}`),
    );
    return owner?.user.displayName ?? owner?.user.userPrincipalName;
  }

  /** Graph users that exist now (a just-recovered user appears only after its provisioning delay). */
  listVisibleUsers(): FixtureUser[] {
    const now = this.now();
    return this.users.filter((entry) => entry.visibleAtMs <= now).map((entry) => entry.user);
  }

  findVisibleUser(idOrUpn: string): FixtureUser | undefined {
    const wanted = idOrUpn.toLowerCase();
    return this.listVisibleUsers().find(
      (user) => user.id.toLowerCase() === wanted || user.userPrincipalName.toLowerCase() === wanted,
    );
  }

  /** Whether any user, visible yet or not, holds the UPN: Entra refuses a duplicate even before Graph shows it. */
  isUpnTaken(upn: string): boolean {
    const wanted = upn.toLowerCase();
    return (
      this.users.some(({ user }) => user.userPrincipalName.toLowerCase() === wanted) ||
      this.mailboxes.some((mailbox) => !mailbox.IsInactiveMailbox && mailbox.UserPrincipalName.toLowerCase() === wanted)
    );
  }

  replaceMailbox(previous: FixtureMailbox, next: FixtureMailbox): void {
    const index = this.mailboxes.indexOf(previous);
    if (index >= 0) this.mailboxes.splice(index, 1, next);
    else this.mailboxes.push(next);
  }

  addUser(user: FixtureUser, visibleAfterMs: number): void {
    this.users.push({ user, visibleAtMs: this.now() + visibleAfterMs });
  }

  findUserById(id: string | null | undefined): FixtureUser | undefined {
    if (!id) return undefined;
    return this.users.find((entry) => entry.user.id.toLowerCase() === id.toLowerCase())?.user;
  }

  findStatistics(mailbox: FixtureMailbox): FixtureMailboxStatistics | undefined {
    return this.statistics.get(mailbox.ExchangeGuid.toLowerCase());
  }
}
