import type { BulkOperationItem, BulkOperationType } from '../model.ts';
import type { Clock } from '../ports.ts';
import { systemClock } from '../system-clock.ts';
import type {
  DirectoryUser,
  ExchangeGateway,
  GraphGateway,
  LicenseSku,
  MailboxRecord,
  RecipientRecord,
  RestoreRequestRecord,
  TenantDomain,
} from '../tenant-ports.ts';
import { classifyIdentity, guidKey, identityKey, targetSmtpOf } from './item-fields.ts';

/** What pre-flight knows about the tenant, read once for a whole file. Every map key is lower-case. */
export interface TenantSnapshot {
  inactiveByGuid: Map<string, MailboxRecord>;
  inactiveByDn: Map<string, MailboxRecord>;
  /** Primary SMTP, UPN and every `smtp:` proxy → the inactive mailboxes holding it (it may be several). */
  inactiveByAddress: Map<string, MailboxRecord[]>;
  /** Empty when the operation does not need them (restore, export). */
  domains: TenantDomain[];
  skus: LicenseSku[];
  usersByUpn: Map<string, DirectoryUser | null>;
  usersByProxy: Map<string, DirectoryUser[]>;
  /**
   * The address each recovered mailbox will get → every Exchange recipient already holding it: mailboxes,
   * mail users, contacts, groups, soft-deleted and inactive ones (recovery/validate only; empty otherwise).
   */
  recipientsByAddress: Map<string, RecipientRecord[]>;
  /** Every restore request in the tenant (restore only; empty otherwise). */
  restoreRequests: RestoreRequestRecord[];
  /** ISO-8601. */
  takenAt: string;
}

export interface SnapshotDeps {
  exchange: Pick<
    ExchangeGateway,
    'listInactiveMailboxes' | 'getMailbox' | 'getRestoreRequests' | 'findRecipientsByAddress'
  >;
  graph: Pick<GraphGateway, 'getUsersByUpn' | 'getUsersByProxyAddress' | 'listDomains' | 'listSubscribedSkus'>;
  clock?: Clock;
}

export interface SnapshotOptions {
  /** Accepted for symmetry with runPreflight; SKUs are read for every recovery/validate file anyway. */
  defaultLicenseSku?: string;
}

/** Graph `$batch` takes at most 20 requests: the gateway sends ⌈n/20⌉ batches for n look-ups. */
const GRAPH_BATCH_SIZE = 20;

/**
 * Reads everything the row checks need, within a fixed budget of remote calls for N rows and M inactive
 * mailboxes — ⌈M/1000⌉ + ⌈N/20⌉×3 + 3:
 * - Get-Mailbox -InactiveMailboxOnly: one call, ⌈M/1000⌉ pages (the gateway pages);
 * - getUsersByUpn over the target UPNs/addresses: ≤ N keys → ≤ ⌈N/20⌉ batches;
 * - getUsersByProxyAddress over the target SMTPs, topped up with source addresses that matched no inactive
 *   mailbox (to tell an active mailbox from a typo) only while the batch count stays ≤ ⌈N/20⌉;
 * - recovery/validate: findRecipientsByAddress over the addresses the recovered mailboxes will get, 20 per
 *   Get-Recipient call (≤ ⌈N/20⌉): Graph's proxyAddresses sees only Entra users, not mail contacts, groups or
 *   soft-deleted mailboxes, which hold addresses too;
 * - recovery/validate: listDomains + listSubscribedSkus (2); restore: one getRestoreRequests({}) listing
 *   every request (1), since resolving active targets one by one would cost N calls; export: nothing else.
 * getMailbox is never called here: per-row Exchange look-ups would make the cost grow with N.
 */
export async function buildTenantSnapshot(
  items: readonly BulkOperationItem[],
  type: BulkOperationType,
  deps: SnapshotDeps,
  _options: SnapshotOptions = {},
): Promise<TenantSnapshot> {
  const clock = deps.clock ?? systemClock;
  const readsDirectory = type === 'recovery' || type === 'validate';
  const [inactive, domains, skus, restoreRequests] = await Promise.all([
    deps.exchange.listInactiveMailboxes(),
    readsDirectory ? deps.graph.listDomains() : Promise.resolve([]),
    readsDirectory ? deps.graph.listSubscribedSkus() : Promise.resolve([]),
    type === 'restore' ? deps.exchange.getRestoreRequests({}) : Promise.resolve([]),
  ]);
  const index = indexInactiveMailboxes(inactive);

  const upnKeys = distinct(targetAddresses(items));
  const targetSmtps = readsDirectory ? items.map((item) => addressOrNull(targetSmtpOf(item))) : targetAddresses(items);
  const proxyKeys = topUpToBatchCapacity(
    distinct(targetSmtps),
    unmatchedSourceAddresses(items, index.inactiveByAddress),
    items.length,
  );
  const recipientKeys = readsDirectory ? distinct(targetSmtps) : [];
  const [usersByUpn, usersByProxy, recipientsByAddress] = await Promise.all([
    upnKeys.length > 0 ? deps.graph.getUsersByUpn(upnKeys) : Promise.resolve(new Map<string, DirectoryUser | null>()),
    proxyKeys.length > 0
      ? deps.graph.getUsersByProxyAddress(proxyKeys)
      : Promise.resolve(new Map<string, DirectoryUser[]>()),
    recipientKeys.length > 0
      ? deps.exchange.findRecipientsByAddress(recipientKeys)
      : Promise.resolve(new Map<string, RecipientRecord[]>()),
  ]);

  return {
    ...index,
    domains,
    skus,
    usersByUpn: lowerCaseKeys(usersByUpn),
    usersByProxy: lowerCaseKeys(usersByProxy),
    recipientsByAddress: lowerCaseKeys(recipientsByAddress),
    restoreRequests,
    takenAt: clock.now().toISOString(),
  };
}

export function indexInactiveMailboxes(
  mailboxes: readonly MailboxRecord[],
): Pick<TenantSnapshot, 'inactiveByGuid' | 'inactiveByDn' | 'inactiveByAddress'> {
  const inactiveByGuid = new Map<string, MailboxRecord>();
  const inactiveByDn = new Map<string, MailboxRecord>();
  const inactiveByAddress = new Map<string, MailboxRecord[]>();
  for (const mailbox of mailboxes) {
    inactiveByGuid.set(guidKey(mailbox.exchangeGuid), mailbox);
    if (mailbox.distinguishedName) inactiveByDn.set(identityKey(mailbox.distinguishedName), mailbox);
    for (const address of addressesOf(mailbox)) {
      const holders = inactiveByAddress.get(address);
      if (holders) holders.push(mailbox);
      else inactiveByAddress.set(address, [mailbox]);
    }
  }
  return { inactiveByGuid, inactiveByDn, inactiveByAddress };
}

function addressesOf(mailbox: MailboxRecord): Set<string> {
  const addresses = new Set<string>();
  for (const value of [mailbox.primarySmtpAddress, mailbox.userPrincipalName]) {
    if (value) addresses.add(identityKey(value));
  }
  for (const proxy of mailbox.emailAddresses) {
    if (/^smtp:/i.test(proxy)) addresses.add(identityKey(proxy.slice('smtp:'.length)));
  }
  return addresses;
}

function targetAddresses(items: readonly BulkOperationItem[]): (string | null)[] {
  return items.map((item) => addressOrNull(item.targetIdentity));
}

function addressOrNull(value: string | null | undefined): string | null {
  return value && classifyIdentity(value) === 'address' ? value : null;
}

function unmatchedSourceAddresses(
  items: readonly BulkOperationItem[],
  inactiveByAddress: ReadonlyMap<string, MailboxRecord[]>,
): string[] {
  return distinct(
    items
      .filter((item) => classifyIdentity(item.sourceIdentity) === 'address')
      .map((item) => identityKey(item.sourceIdentity))
      .filter((key) => !inactiveByAddress.has(key)),
  );
}

/** Adds `extra` keys only into room left in the batches `primary` needs anyway (never a new batch). */
function topUpToBatchCapacity(primary: string[], extra: readonly string[], rowCount: number): string[] {
  const capacity = Math.ceil(rowCount / GRAPH_BATCH_SIZE) * GRAPH_BATCH_SIZE;
  const keys = new Set(primary);
  for (const key of extra) {
    if (keys.size >= capacity) break;
    keys.add(key);
  }
  return [...keys];
}

function distinct(values: readonly (string | null | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const value of values) if (value && value.trim() !== '') keys.add(identityKey(value));
  return [...keys];
}

function lowerCaseKeys<T>(map: ReadonlyMap<string, T>): Map<string, T> {
  return new Map([...map].map(([key, value]): [string, T] => [identityKey(key), value]));
}
