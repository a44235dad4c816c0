/**
 * An in-memory Exchange Online + Entra tenant for unit tests: both gateways, every call recorded, a remote-call
 * counter that counts the way the real gateways send requests (Get-Mailbox pages of 1,000, Graph batches of
 * 20), scripted failures, and users that appear in Graph some look-ups after New-Mailbox (as they do live).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  TENANT_ERROR_CODES,
  TenantError,
  type DirectoryUser,
  type ExchangeGateway,
  type GraphGateway,
  type LicenseSku,
  type MailboxRecord,
  type MailboxStatisticsRecord,
  type MailUserRecord,
  type RecipientRecord,
  type RestoreRequestRecord,
  type RestoreRequestStatistics,
  type TemporaryAccessPass,
  type TemporaryAccessPassMethod,
  type TemporaryAccessPassPolicy,
  type TenantDomain,
} from '../../src/operations/tenant-ports.ts';

// ------------------------------------------------------------------------------------------------ builders

/** A GUID derived from a label, so builders are deterministic without shared counters. */
export function guidFor(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function inactiveMailbox(overrides: Partial<MailboxRecord> = {}): MailboxRecord {
  const name = overrides.name ?? 'jdoe';
  const smtp = overrides.primarySmtpAddress ?? `${name}@contoso.com`;
  return {
    exchangeGuid: guidFor(`inactive:${name}`),
    distinguishedName: `CN=${name},OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com`,
    legacyExchangeDN: `/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${name}`,
    name,
    alias: name,
    displayName: name,
    primarySmtpAddress: smtp,
    userPrincipalName: smtp,
    emailAddresses: [`SMTP:${smtp}`],
    isInactiveMailbox: true,
    whenSoftDeleted: '2024-01-15T10:00:00Z',
    externalDirectoryObjectId: null,
    mailboxLocations: [`1;${guidFor(`location:${name}`)};Primary;contoso.onmicrosoft.com;${guidFor(`db:${name}`)}`],
    litigationHoldEnabled: true,
    inPlaceHolds: [],
    complianceTagHoldApplied: false,
    delayHoldApplied: false,
    delayReleaseHoldApplied: false,
    isDirSynced: false,
    archiveStatus: 'None',
    autoExpandingArchiveEnabled: false,
    recipientTypeDetails: 'UserMailbox',
    ...overrides,
  };
}

export function activeMailbox(overrides: Partial<MailboxRecord> = {}): MailboxRecord {
  const name = overrides.name ?? 'adele';
  return inactiveMailbox({
    exchangeGuid: guidFor(`active:${name}`),
    isInactiveMailbox: false,
    whenSoftDeleted: null,
    litigationHoldEnabled: false,
    ...overrides,
    name,
  });
}

export function user(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  const upn = overrides.userPrincipalName ?? 'adele@contoso.com';
  return {
    id: guidFor(`user:${upn.toLowerCase()}`),
    userPrincipalName: upn,
    mail: upn,
    proxyAddresses: [`SMTP:${upn}`],
    onPremisesSyncEnabled: null,
    usageLocation: null,
    assignedLicenses: [],
    ...overrides,
  };
}

/** A directory user matching an active mailbox, as Graph would show it. */
export function userFor(mailbox: MailboxRecord, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return user({
    userPrincipalName: mailbox.userPrincipalName,
    mail: mailbox.primarySmtpAddress,
    proxyAddresses: [...mailbox.emailAddresses],
    onPremisesSyncEnabled: mailbox.isDirSynced ? true : null,
    ...overrides,
  });
}

export function domain(id: string, overrides: Partial<TenantDomain> = {}): TenantDomain {
  return { id, isVerified: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'], ...overrides };
}

export function sku(skuPartNumber: string, enabledUnits: number, consumedUnits: number): LicenseSku {
  return { skuId: guidFor(`sku:${skuPartNumber}`), skuPartNumber, enabledUnits, consumedUnits };
}

/** A request as the fake keeps it: the source is served by the statistics only, as Exchange does. */
export type FakeRestoreRequest = RestoreRequestRecord & { sourceExchangeGuid?: string; batchName?: string };

function toRecord({
  sourceExchangeGuid: _source,
  batchName: _batch,
  ...record
}: FakeRestoreRequest): RestoreRequestRecord {
  return { ...record };
}

export function restoreStats(overrides: Partial<RestoreRequestStatistics> = {}): RestoreRequestStatistics {
  return {
    status: 'Completed',
    sourceExchangeGuid: null,
    targetExchangeGuid: null,
    statusDetail: 'Completed',
    percentComplete: 100,
    bytesTransferred: 52_428_800,
    estimatedTransferSize: 52_428_800,
    itemsTransferred: 1200,
    estimatedTransferItemCount: 1200,
    dataConsistencyScore: 'Perfect',
    failureMessage: null,
    ...overrides,
  };
}

/** A mail-enabled object other than the seed's mailboxes: a mail contact, mail user, group or soft-deleted mailbox. */
export function recipient(overrides: Partial<RecipientRecord> = {}): RecipientRecord {
  const smtp = overrides.primarySmtpAddress ?? 'partner@contoso.com';
  return {
    name: smtp.split('@')[0] ?? smtp,
    displayName: smtp.split('@')[0] ?? smtp,
    primarySmtpAddress: smtp,
    emailAddresses: [`SMTP:${smtp}`],
    recipientTypeDetails: 'MailContact',
    exchangeGuid: '00000000-0000-0000-0000-000000000000',
    distinguishedName: `CN=${smtp},OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com`,
    externalDirectoryObjectId: '',
    whenSoftDeleted: null,
    ...overrides,
  };
}

/** How Get-Recipient shows a mailbox of the seed. */
function recipientFor(mailbox: MailboxRecord, users: readonly DirectoryUser[]): RecipientRecord {
  const owner = users.find((u) => u.userPrincipalName.toLowerCase() === mailbox.userPrincipalName.toLowerCase());
  return recipient({
    name: mailbox.name,
    displayName: mailbox.displayName,
    primarySmtpAddress: mailbox.primarySmtpAddress,
    emailAddresses: [...mailbox.emailAddresses],
    recipientTypeDetails: mailbox.recipientTypeDetails,
    exchangeGuid: mailbox.exchangeGuid,
    distinguishedName: mailbox.distinguishedName,
    externalDirectoryObjectId: mailbox.isInactiveMailbox ? '' : (owner?.id ?? ''),
    whenSoftDeleted: mailbox.whenSoftDeleted,
  });
}

/** A hybrid user whose mailbox is on-premises: a synced mail user with an Active cloud-based archive. */
export function mailUser(overrides: Partial<MailUserRecord> = {}): MailUserRecord {
  const name = overrides.name ?? 'onprem.user';
  return {
    exchangeGuid: guidFor(`mailuser:${name}`),
    distinguishedName: `CN=${name},OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR01A001,DC=PROD,DC=OUTLOOK,DC=COM`,
    legacyExchangeDN: `/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${name}`,
    name,
    displayName: name,
    primarySmtpAddress: `${name}@contoso.com`,
    emailAddresses: [`SMTP:${name}@contoso.com`],
    isDirSynced: true,
    archiveStatus: 'Active',
    archiveGuid: guidFor(`mailuser-archive:${name}`),
    recipientTypeDetails: 'MailUser',
    ...overrides,
  };
}

function mailUserAnswersTo(mailUser: MailUserRecord, identity: string): boolean {
  const wanted = identity
    .trim()
    .toLowerCase()
    .replace(/^smtp:/, '');
  return (
    [mailUser.exchangeGuid, mailUser.distinguishedName, mailUser.name, mailUser.primarySmtpAddress].some(
      (value) => value.toLowerCase() === wanted,
    ) || mailUser.emailAddresses.some((entry) => entry.toLowerCase() === `smtp:${wanted}`)
  );
}

function recipientForMailUser(mailUser: MailUserRecord): RecipientRecord {
  return recipient({
    name: mailUser.name,
    displayName: mailUser.displayName,
    primarySmtpAddress: mailUser.primarySmtpAddress,
    emailAddresses: [...mailUser.emailAddresses],
    recipientTypeDetails: mailUser.recipientTypeDetails,
    exchangeGuid: mailUser.exchangeGuid,
    distinguishedName: mailUser.distinguishedName,
  });
}

// ------------------------------------------------------------------------------------------------ tenant

export interface FakeTenantSeed {
  inactive?: MailboxRecord[];
  active?: MailboxRecord[];
  users?: DirectoryUser[];
  domains?: TenantDomain[];
  skus?: LicenseSku[];
  restoreRequests?: FakeRestoreRequest[];
  temporaryAccessPassPolicy?: TemporaryAccessPassPolicy;
  /** Recipients beyond the mailboxes above (those are recipients too). */
  recipients?: RecipientRecord[];
  /** Mail users (Get-MailUser); they are recipients too. */
  mailUsers?: MailUserRecord[];
}

export interface RecordedCall {
  method: string;
  args: unknown[];
}

const WRITE_METHODS = new Set([
  'newMailboxFromInactive',
  'addEmailAddresses',
  'addMailUserEmailAddresses',
  'newRestoreRequest',
  'setUsageLocation',
  'assignLicense',
  'createTemporaryAccessPass',
  'deleteTemporaryAccessPass',
]);

export class FakeTenant {
  readonly inactive: MailboxRecord[];
  readonly active: MailboxRecord[];
  readonly users: DirectoryUser[];
  readonly domains: TenantDomain[];
  readonly skus: LicenseSku[];
  readonly restoreRequests: FakeRestoreRequest[];
  /** Learn's example policy unless seeded: enabled for all users, 60–480 minutes. */
  temporaryAccessPassPolicy: TemporaryAccessPassPolicy;
  readonly recipients: RecipientRecord[];
  readonly mailUsers: MailUserRecord[];
  readonly calls: RecordedCall[] = [];
  /** HTTP requests the real gateways would have sent for the calls so far. */
  remoteCalls = 0;
  /** Every password New-Mailbox received, so a test can prove it leaked nowhere. */
  readonly receivedPasswords: string[] = [];
  readonly issuedPasses: TemporaryAccessPass[] = [];
  /** Each user's pass as Graph lists it, by user id: at most one, a new one replaces it (Learn Create page). */
  readonly passMethods = new Map<string, TemporaryAccessPassMethod>();
  /** How many getUser look-ups return nothing after New-Mailbox before the new user shows. */
  userVisibleAfterLookups = 0;
  /**
   * The steps of a request's copy, by request name; the last one repeats. A request in a batch moves one step per
   * listing of its batch (one interval), and its statistics show the step that listing showed; a request
   * without a batch moves one step per statistics read.
   */
  readonly restoreProgress = new Map<string, RestoreRequestStatistics[]>();
  private readonly listedSteps = new Map<string, number>();
  readonly mailboxStatistics = new Map<string, MailboxStatisticsRecord>();
  readonly exchange: ExchangeGateway;
  readonly graph: GraphGateway;
  private readonly failures = new Map<string, TenantError[]>();
  private readonly hiddenUsers = new Map<string, number>();
  private readonly lostAnswers = new Set<string>();
  private created = 0;

  constructor(seed: FakeTenantSeed = {}) {
    this.inactive = [...(seed.inactive ?? [])];
    this.active = [...(seed.active ?? [])];
    this.users = [...(seed.users ?? [])];
    this.domains = [...(seed.domains ?? [domain('contoso.com')])];
    this.skus = [...(seed.skus ?? [])];
    this.restoreRequests = [...(seed.restoreRequests ?? [])];
    this.temporaryAccessPassPolicy = seed.temporaryAccessPassPolicy ?? {
      enabled: true,
      includeTargetIds: ['all_users'],
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      isUsableOnce: false,
    };
    this.recipients = [...(seed.recipients ?? [])];
    this.mailUsers = [...(seed.mailUsers ?? [])];
    this.exchange = this.withLostAnswers(this.createExchange());
    this.graph = this.withLostAnswers(this.createGraph());
  }

  /** The next call of `method` takes effect, but its answer is lost: the caller sees a timeout. */
  loseAnswerOf(method: keyof ExchangeGateway | keyof GraphGateway): void {
    this.lostAnswers.add(method);
  }

  /** New users hidden by `userVisibleAfterLookups` show from now on. */
  showHiddenUsers(): void {
    this.hiddenUsers.clear();
  }

  /** The next call of `method` throws `error` (queue several for several calls). */
  failNext(method: keyof ExchangeGateway | keyof GraphGateway, error: TenantError): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(error);
    this.failures.set(method, queue);
  }

  /** A listing of the request's batch: it shows the current step of its script, and the copy moves on. */
  private stepOnListing(request: FakeRestoreRequest): void {
    const script = this.restoreProgress.get(request.name) ?? [restoreStats()];
    const step = this.listedSteps.get(request.name) ?? 0;
    request.status = (script[Math.min(step, script.length - 1)] ?? restoreStats()).status;
    this.listedSteps.set(request.name, step + 1);
  }

  get writes(): RecordedCall[] {
    return this.calls.filter((call) => WRITE_METHODS.has(call.method));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private withLostAnswers<T extends object>(gateway: T): T {
    const wrapped = { ...gateway } as Record<string, unknown>;
    for (const [method, call] of Object.entries(gateway) as [string, (...args: unknown[]) => Promise<unknown>][]) {
      wrapped[method] = async (...args: unknown[]) => {
        const result = await call(...args);
        if (this.lostAnswers.delete(method)) throw tenantErrors.timeout();
        return result;
      };
    }
    return wrapped as T;
  }

  private record(method: string, args: unknown[], cost = 1): void {
    this.calls.push({ method, args: structuredClone(args) });
    this.remoteCalls += cost;
    const failure = this.failures.get(method)?.shift();
    if (failure) throw failure;
  }

  private createExchange(): ExchangeGateway {
    return {
      listInactiveMailboxes: async () => {
        this.record('listInactiveMailboxes', [], Math.max(1, Math.ceil(this.inactive.length / 1000)));
        return structuredClone(this.inactive);
      },
      findRecipientsByAddress: async (addresses) => {
        this.record('findRecipientsByAddress', [addresses], Math.ceil(addresses.length / 20));
        const all = [
          ...[...this.active, ...this.inactive].map((mailbox) => recipientFor(mailbox, this.users)),
          ...this.recipients,
          ...this.mailUsers.map((mailUser) => recipientForMailUser(mailUser)),
        ];
        const holds = (r: RecipientRecord, address: string) =>
          r.emailAddresses.some((entry) => entry.toLowerCase() === `smtp:${address.toLowerCase()}`);
        return new Map(
          addresses.map((address): [string, RecipientRecord[]] => [
            address,
            all.filter((r) => holds(r, address)).map((r) => structuredClone(r)),
          ]),
        );
      },
      getMailbox: async (identity, options) => {
        this.record('getMailbox', [identity, options]);
        const pool = options?.inactiveMailboxOnly ? this.inactive : this.active;
        const matches = pool.filter((mailbox) => mailboxAnswersTo(mailbox, identity));
        if (matches.length > 1)
          throw permanent(TENANT_ERROR_CODES.cmdletFailed, `'${identity}' matches several mailboxes.`);
        return matches[0] ? structuredClone(matches[0]) : null;
      },
      findActiveMailboxes: async (criteria) => {
        this.record('findActiveMailboxes', [criteria]);
        const wanted = (values: readonly string[] | undefined) => new Set((values ?? []).map((v) => v.toLowerCase()));
        const [names, guids, dns] = [
          wanted(criteria.names),
          wanted(criteria.exchangeGuids),
          wanted(criteria.distinguishedNames),
        ];
        return structuredClone(
          this.active.filter(
            (m) =>
              names.has(m.name.toLowerCase()) ||
              guids.has(m.exchangeGuid.toLowerCase()) ||
              dns.has(m.distinguishedName.toLowerCase()),
          ),
        );
      },
      newMailboxFromInactive: async (params) => {
        this.record('newMailboxFromInactive', [{ ...params, password: '<redacted by fake>' }]);
        this.receivedPasswords.push(params.password);
        const source = this.inactive.find((mailbox) => mailboxAnswersTo(mailbox, params.inactiveMailbox));
        if (!source)
          throw permanent(
            TENANT_ERROR_CODES.objectNotFound,
            `The object '${params.inactiveMailbox}' couldn't be found.`,
          );
        // Only active objects hold a Name: an inactive mailbox's own Name does not block (recover doc, #2814).
        const clash = this.active.find((m) => m.name.toLowerCase() === params.name.toLowerCase());
        if (clash) throw permanent(TENANT_ERROR_CODES.nameInUse, `The name "${params.name}" is already being used.`);
        this.created += 1;
        const smtp = params.primarySmtpAddress ?? params.microsoftOnlineServicesId;
        const recovered = activeMailbox({
          ...source,
          exchangeGuid: guidFor(`recovered:${this.created}:${params.name}`),
          name: params.name,
          alias: params.name,
          displayName: params.displayName,
          userPrincipalName: params.microsoftOnlineServicesId,
          primarySmtpAddress: smtp,
          emailAddresses: [`SMTP:${smtp}`, `X500:${source.legacyExchangeDN}`],
          isInactiveMailbox: false,
          whenSoftDeleted: null,
        });
        this.inactive.splice(this.inactive.indexOf(source), 1);
        this.active.push(recovered);
        const newUser = userFor(recovered);
        this.users.push(newUser);
        this.hiddenUsers.set(newUser.userPrincipalName.toLowerCase(), this.userVisibleAfterLookups);
        return structuredClone(recovered);
      },
      addEmailAddresses: async (identity, addresses) => {
        this.record('addEmailAddresses', [identity, addresses]);
        const mailbox = this.active.find((m) => mailboxAnswersTo(m, identity));
        if (!mailbox) throw permanent(TENANT_ERROR_CODES.objectNotFound, `The object '${identity}' couldn't be found.`);
        mailbox.emailAddresses.push(...addresses);
      },
      getMailUser: async (identity) => {
        this.record('getMailUser', [identity]);
        const found = this.mailUsers.find((mailUser) => mailUserAnswersTo(mailUser, identity));
        return found ? structuredClone(found) : null;
      },
      addMailUserEmailAddresses: async (identity, addresses) => {
        this.record('addMailUserEmailAddresses', [identity, addresses]);
        const mailUser = this.mailUsers.find((m) => mailUserAnswersTo(m, identity));
        if (!mailUser)
          throw permanent(TENANT_ERROR_CODES.objectNotFound, `The object '${identity}' couldn't be found.`);
        mailUser.emailAddresses.push(...addresses);
      },
      newRestoreRequest: async (params) => {
        this.record('newRestoreRequest', [params]);
        if (this.restoreRequests.some((request) => request.name === params.name)) {
          throw permanent(TENANT_ERROR_CODES.cmdletFailed, `A restore request named ${params.name} already exists.`);
        }
        this.created += 1;
        const request: FakeRestoreRequest = {
          name: params.name,
          requestGuid: guidFor(`request:${this.created}:${params.name}`),
          status: 'Queued',
          targetMailbox: params.targetMailbox,
          sourceExchangeGuid: params.sourceMailbox,
          ...(params.batchName ? { batchName: params.batchName } : {}),
        };
        this.restoreRequests.push(request);
        return toRecord(request);
      },
      getRestoreRequests: async (filter) => {
        this.record('getRestoreRequests', [filter]);
        return this.restoreRequests
          .filter((request) => filter.name === undefined || request.name.toLowerCase() === filter.name.toLowerCase())
          .filter(
            (r) =>
              filter.targetMailbox === undefined ||
              r.targetMailbox.toLowerCase() === filter.targetMailbox.toLowerCase(),
          )
          .filter(
            (r) => filter.batchName === undefined || r.batchName?.toLowerCase() === filter.batchName.toLowerCase(),
          )
          .map((request) => {
            if (filter.batchName !== undefined) this.stepOnListing(request);
            return toRecord(request);
          });
      },
      getRestoreRequestStatistics: async (requestGuid) => {
        this.record('getRestoreRequestStatistics', [requestGuid]);
        const request = this.restoreRequests.find((r) => r.requestGuid === requestGuid);
        if (!request)
          throw permanent(TENANT_ERROR_CODES.objectNotFound, `The request '${requestGuid}' couldn't be found.`);
        const script = this.restoreProgress.get(request.name) ?? [restoreStats()];
        const listed = this.listedSteps.get(request.name);
        const stats =
          (listed === undefined
            ? script.length > 1
              ? script.shift()
              : script[0]
            : script[Math.min(Math.max(listed - 1, 0), script.length - 1)]) ?? restoreStats();
        request.status = stats.status;
        return { ...stats, sourceExchangeGuid: request.sourceExchangeGuid ?? null };
      },
      getMailboxStatistics: async (identity) => {
        this.record('getMailboxStatistics', [identity]);
        const mailbox = [...this.inactive, ...this.active].find((m) => mailboxAnswersTo(m, identity));
        if (!mailbox) return null;
        return this.mailboxStatistics.get(mailbox.exchangeGuid) ?? { totalItemSizeBytes: 0, itemCount: 0 };
      },
    };
  }

  private createGraph(): GraphGateway {
    const findUser = (idOrUpn: string) =>
      this.users.find((u) => u.id === idOrUpn || u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase());
    const requireUser = (id: string) => {
      const found = findUser(id);
      if (!found) throw permanent(TENANT_ERROR_CODES.graphFailed, `Resource '${id}' does not exist.`);
      return found;
    };
    return {
      getUsersByUpn: async (upns) => {
        this.record('getUsersByUpn', [upns], Math.ceil(upns.length / 20));
        return new Map(upns.map((upn): [string, DirectoryUser | null] => [upn, cloneOrNull(this.visibleUser(upn))]));
      },
      getUsersByProxyAddress: async (addresses) => {
        this.record('getUsersByProxyAddress', [addresses], Math.ceil(addresses.length / 20));
        return new Map(
          addresses.map((address): [string, DirectoryUser[]] => [
            address,
            this.users
              .filter((u) => u.proxyAddresses.some((p) => p.toLowerCase() === `smtp:${address.toLowerCase()}`))
              .map((u) => structuredClone(u)),
          ]),
        );
      },
      listDomains: async () => {
        this.record('listDomains', []);
        return structuredClone(this.domains);
      },
      listSubscribedSkus: async () => {
        this.record('listSubscribedSkus', []);
        return structuredClone(this.skus);
      },
      getUser: async (idOrUpn) => {
        this.record('getUser', [idOrUpn]);
        return cloneOrNull(this.visibleUser(idOrUpn));
      },
      setUsageLocation: async (userId, usageLocation) => {
        this.record('setUsageLocation', [userId, usageLocation]);
        requireUser(userId).usageLocation = usageLocation;
      },
      assignLicense: async (userId, skuId) => {
        this.record('assignLicense', [userId, skuId]);
        const target = requireUser(userId);
        const bought = this.skus.find((s) => s.skuId === skuId);
        if (!bought)
          throw permanent(
            TENANT_ERROR_CODES.graphFailed,
            `License ${skuId} does not correspond to a valid company License.`,
          );
        target.assignedLicenses.push({ skuId });
        bought.consumedUnits += 1;
      },
      createTemporaryAccessPass: async (userId, options) => {
        this.record('createTemporaryAccessPass', [userId, options]);
        requireUser(userId);
        const pass: TemporaryAccessPass = {
          temporaryAccessPass: `TAP-${guidFor(`tap:${this.issuedPasses.length}:${userId}`).slice(0, 12)}`,
          startDateTime: '2025-01-01T00:00:00Z',
          lifetimeInMinutes: options.lifetimeInMinutes,
        };
        this.issuedPasses.push(pass);
        // A random id, as Graph's: a pass a new process creates never shares the id of one a killed process made.
        this.passMethods.set(requireUser(userId).id, {
          id: randomUUID(),
          createdDateTime: pass.startDateTime,
          startDateTime: pass.startDateTime,
          lifetimeInMinutes: pass.lifetimeInMinutes,
          isUsable: true,
          methodUsabilityReason: 'EnabledByPolicy',
        });
        return { ...pass };
      },
      listTemporaryAccessPasses: async (userId) => {
        this.record('listTemporaryAccessPasses', [userId]);
        const method = this.passMethods.get(requireUser(userId).id);
        return method ? [{ ...method }] : [];
      },
      deleteTemporaryAccessPass: async (userId, methodId) => {
        this.record('deleteTemporaryAccessPass', [userId, methodId]);
        const id = requireUser(userId).id;
        if (this.passMethods.get(id)?.id === methodId) this.passMethods.delete(id);
      },
      isMemberOfGroup: async (userId, groupId) => {
        this.record('isMemberOfGroup', [userId, groupId]);
        return false;
      },
      getTemporaryAccessPassPolicy: async () => {
        this.record('getTemporaryAccessPassPolicy', []);
        return structuredClone(this.temporaryAccessPassPolicy);
      },
    };
  }

  /** A new user stays invisible for `userVisibleAfterLookups` direct look-ups after New-Mailbox. */
  private visibleUser(idOrUpn: string): DirectoryUser | undefined {
    const found = this.users.find(
      (u) => u.id === idOrUpn || u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase(),
    );
    if (!found) return undefined;
    const key = found.userPrincipalName.toLowerCase();
    const hiddenFor = this.hiddenUsers.get(key) ?? 0;
    if (hiddenFor > 0) {
      this.hiddenUsers.set(key, hiddenFor - 1);
      return undefined;
    }
    return found;
  }
}

function mailboxAnswersTo(mailbox: MailboxRecord, identity: string): boolean {
  const wanted = identity.trim().toLowerCase();
  const names = [
    mailbox.exchangeGuid,
    mailbox.distinguishedName,
    mailbox.legacyExchangeDN,
    mailbox.name,
    mailbox.primarySmtpAddress,
    mailbox.userPrincipalName,
    ...mailbox.emailAddresses.filter((a) => /^smtp:/i.test(a)).map((a) => a.slice(5)),
  ];
  return names.some((name) => name.toLowerCase() === wanted);
}

function cloneOrNull(found: DirectoryUser | undefined): DirectoryUser | null {
  return found ? structuredClone(found) : null;
}

function permanent(code: string, message: string): TenantError {
  return new TenantError({ code, message, errorClass: 'permanent', httpStatus: 400 });
}

/** Tenant errors as the real gateways classify them, for scripted failures. */
export const tenantErrors = {
  throttled: (retryAfterMs = 30_000) =>
    new TenantError({
      code: TENANT_ERROR_CODES.throttled,
      message: 'Exchange Online is throttling requests; try again shortly.',
      errorClass: 'transient',
      retryAfterMs,
      httpStatus: 429,
    }),
  forbidden: () =>
    new TenantError({
      code: TENANT_ERROR_CODES.forbidden,
      message: 'The app is not allowed to run New-Mailbox: give its service principal an Exchange role.',
      errorClass: 'fatal',
      httpStatus: 403,
    }),
  nameInUse: (name: string) => permanent(TENANT_ERROR_CODES.nameInUse, `The name "${name}" is already being used.`),
  timeout: () =>
    new TenantError({
      code: TENANT_ERROR_CODES.unavailable,
      message: 'Exchange Online did not answer in time.',
      errorClass: 'transient',
      httpStatus: 504,
    }),
};
