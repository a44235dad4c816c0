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
  TemporaryAccessPassPolicy,
  TenantDomain,
} from '../tenant-ports.ts';
import { deriveMailboxName } from './derive-mailbox-name.ts';
import { classifyIdentity, guidKey, identityKey, targetSmtpOf } from './item-fields.ts';

/** What pre-flight knows about the tenant, read once for a whole file. Every map key is lower-case. */
export interface TenantSnapshot {
  inactiveByGuid: Map<string, MailboxRecord>;
  inactiveByDn: Map<string, MailboxRecord>;
  /** Primary SMTP, UPN and every `smtp:` proxy → the inactive mailboxes holding it (it may be several). */
  inactiveByAddress: Map<string, MailboxRecord[]>;
  /**
   * Active mailboxes the file names or would clash with, keyed by Name, ExchangeGuid and DistinguishedName: the
   * Names recovery rows would create, and the GUID/DN sources no inactive mailbox has. Only these were asked for.
   */
  activeByName: Map<string, MailboxRecord>;
  activeByGuid: Map<string, MailboxRecord>;
  activeByDn: Map<string, MailboxRecord>;
  /** Empty when the operation does not need them (restore, export). */
  domains: TenantDomain[];
  skus: LicenseSku[];
  usersByUpn: Map<string, DirectoryUser | null>;
  usersByProxy: Map<string, DirectoryUser[]>;
  /**
   * The address each recovered mailbox will get (recovery/validate), or each restore row's target address
   * (restore) → every Exchange recipient holding it: mailboxes, mail users, contacts, groups, soft-deleted and
   * inactive ones. Empty for export. A restore reads it to tell a mail user from a mailbox: Graph cannot.
   */
  recipientsByAddress: Map<string, RecipientRecord[]>;
  /** Every restore request in the tenant (restore only; empty otherwise). */
  restoreRequests: RestoreRequestRecord[];
  /** Read only for a recovery file when passes will be issued (`SnapshotOptions.issueTemporaryAccessPass`). */
  temporaryAccessPassPolicy?: TemporaryAccessPassPolicy;
  /** ISO-8601. */
  takenAt: string;
}

export interface SnapshotDeps {
  exchange: Pick<
    ExchangeGateway,
    'listInactiveMailboxes' | 'getMailbox' | 'getRestoreRequests' | 'findActiveMailboxes' | 'findRecipientsByAddress'
  >;
  graph: Pick<
    GraphGateway,
    'getUsersByUpn' | 'getUsersByProxyAddress' | 'listDomains' | 'listSubscribedSkus' | 'getTemporaryAccessPassPolicy'
  >;
  clock?: Clock;
}

export interface SnapshotOptions {
  /** Accepted for symmetry with runPreflight; SKUs are read for every recovery/validate file anyway. */
  defaultLicenseSku?: string;
  /** A recovery file also reads the Temporary Access Pass policy (one more call). @default false */
  issueTemporaryAccessPass?: boolean;
}

/** For a long file: how far the look-ups got, and a way to stop between two chunks of rows. */
export interface SnapshotProgress {
  /** Told after each chunk of rows whose addresses were looked up: rows done so far, of `items.length`. */
  onRowsChecked?: (rowsChecked: number) => void;
  /** Checked before each chunk: an aborted snapshot rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Graph `$batch` takes at most 20 requests: the gateway sends ⌈n/20⌉ batches for n look-ups. */
const GRAPH_BATCH_SIZE = 20;

/**
 * The per-row look-ups run this many rows at a time, so that a 5,000-row file can say how far it got. A
 * multiple of both batch sizes (20): the chunks together still need ⌈N/20⌉ calls of each kind, as one would.
 */
export const LOOKUP_CHUNK_ROWS = 500;

/**
 * Reads everything the row checks need, within a fixed budget of remote calls for N rows and M inactive
 * mailboxes — ⌈M/1000⌉ + ⌈N/20⌉×3 + 3:
 * - Get-Mailbox -InactiveMailboxOnly: one call, ⌈M/1000⌉ pages (the gateway pages);
 * - findActiveMailboxes: one filtered Get-Mailbox for the Names recovery rows would create and the GUID/DN
 *   sources that matched no inactive mailbox — only when there is something to ask (the budget's spare call);
 * - getUsersByUpn over the target UPNs/addresses: ≤ N keys → ≤ ⌈N/20⌉ batches;
 * - getUsersByProxyAddress over the target SMTPs, topped up with source addresses that matched no inactive
 *   mailbox (to tell an active mailbox from a typo) only while the batch count stays ≤ ⌈N/20⌉;
 * - recovery/validate: findRecipientsByAddress over the addresses the recovered mailboxes will get, 20 per
 *   Get-Recipient call (≤ ⌈N/20⌉): Graph's proxyAddresses sees only Entra users, not mail contacts, groups or
 *   soft-deleted mailboxes, which hold addresses too; restore: the same over the target addresses, since only
 *   Exchange's RecipientTypeDetails says whether a target is a mailbox or a mail user;
 * - recovery/validate: listDomains + listSubscribedSkus (2), and for recovery with passes the TAP policy (1); restore: one getRestoreRequests({}) listing
 *   every request (1), since resolving active targets one by one would cost N calls; export: nothing else.
 * getMailbox is never called here: per-row Exchange look-ups would make the cost grow with N. The three per-row
 * look-ups go `LOOKUP_CHUNK_ROWS` rows at a time (same budget), reporting each chunk to `progress`.
 */
export async function buildTenantSnapshot(
  items: readonly BulkOperationItem[],
  type: BulkOperationType,
  deps: SnapshotDeps,
  options: SnapshotOptions = {},
  progress: SnapshotProgress = {},
): Promise<TenantSnapshot> {
  progress.signal?.throwIfAborted();
  const clock = deps.clock ?? systemClock;
  const readsDirectory = type === 'recovery' || type === 'validate';
  const readsPassPolicy = type === 'recovery' && options.issueTemporaryAccessPass === true;
  const [inactive, domains, skus, restoreRequests, passPolicy] = await Promise.all([
    deps.exchange.listInactiveMailboxes(),
    readsDirectory ? deps.graph.listDomains() : Promise.resolve([]),
    readsDirectory ? deps.graph.listSubscribedSkus() : Promise.resolve([]),
    type === 'restore' ? deps.exchange.getRestoreRequests({}) : Promise.resolve([]),
    readsPassPolicy ? deps.graph.getTemporaryAccessPassPolicy() : Promise.resolve(undefined),
  ]);
  const index = indexInactiveMailboxes(inactive);
  const active = await findActiveMailboxes(items, readsDirectory, index, deps.exchange);

  // Restore files too: only Exchange's RecipientTypeDetails says whether a target is a mailbox or a mail user.
  const readsRecipients = readsDirectory || type === 'restore';
  const found = await lookUpRowAddresses(
    items,
    readsDirectory,
    readsRecipients,
    index.inactiveByAddress,
    deps,
    progress,
  );
  const { usersByUpn, usersByProxy, recipientsByAddress } = found;

  return {
    ...index,
    ...indexActiveMailboxes(active),
    domains,
    skus,
    usersByUpn: lowerCaseKeys(usersByUpn),
    usersByProxy: lowerCaseKeys(usersByProxy),
    recipientsByAddress: lowerCaseKeys(recipientsByAddress),
    restoreRequests,
    ...(passPolicy ? { temporaryAccessPassPolicy: passPolicy } : {}),
    takenAt: clock.now().toISOString(),
  };
}

/**
 * The directory and recipient look-ups of every row, ≤ ⌈N/20⌉ calls of each kind. Each kind goes through the
 * rows a chunk at a time on its own, so the three stay as parallel as one call each would; a row counts as
 * checked once all three got past it.
 */
async function lookUpRowAddresses(
  items: readonly BulkOperationItem[],
  readsDirectory: boolean,
  readsRecipients: boolean,
  inactiveByAddress: ReadonlyMap<string, MailboxRecord[]>,
  deps: SnapshotDeps,
  progress: SnapshotProgress,
): Promise<Pick<TenantSnapshot, 'usersByUpn' | 'usersByProxy' | 'recipientsByAddress'>> {
  const found: Pick<TenantSnapshot, 'usersByUpn' | 'usersByProxy' | 'recipientsByAddress'> = {
    usersByUpn: new Map(),
    usersByProxy: new Map(),
    recipientsByAddress: new Map(),
  };
  const targetSmtpsOf = (chunk: readonly BulkOperationItem[]) =>
    readsDirectory ? chunk.map((item) => addressOrNull(targetSmtpOf(item))) : targetAddresses(chunk);
  const lookUps: ((chunk: readonly BulkOperationItem[]) => Promise<void>)[] = [
    async (chunk) => {
      const keys = distinct(targetAddresses(chunk));
      if (keys.length > 0) mergeInto(found.usersByUpn, await deps.graph.getUsersByUpn(keys));
    },
    async (chunk) => {
      const extra = unmatchedSourceAddresses(chunk, inactiveByAddress);
      const keys = topUpToBatchCapacity(distinct(targetSmtpsOf(chunk)), extra, chunk.length);
      if (keys.length > 0) mergeInto(found.usersByProxy, await deps.graph.getUsersByProxyAddress(keys));
    },
    async (chunk) => {
      const keys = readsRecipients ? distinct(targetSmtpsOf(chunk)) : [];
      if (keys.length > 0) mergeInto(found.recipientsByAddress, await deps.exchange.findRecipientsByAddress(keys));
    },
  ];
  const rowsDone = lookUps.map(() => 0);
  let reported = 0;
  let failed = false;
  await Promise.all(
    lookUps.map(async (lookUp, kind) => {
      for (let start = 0; start < items.length && !failed; start += LOOKUP_CHUNK_ROWS) {
        progress.signal?.throwIfAborted();
        const chunk = items.slice(start, start + LOOKUP_CHUNK_ROWS);
        await lookUp(chunk).catch((error: unknown) => {
          failed = true; // the other kinds stop at their next chunk: the snapshot fails anyway
          throw error;
        });
        rowsDone[kind] = start + chunk.length;
        const checked = Math.min(...rowsDone);
        if (checked > reported) progress.onRowsChecked?.((reported = checked));
      }
    }),
  );
  return found;
}

function mergeInto<T>(target: Map<string, T>, source: ReadonlyMap<string, T>): void {
  for (const [key, value] of source) target.set(key, value);
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

/**
 * Only active objects can hold the Name a recovery would create, and an active mailbox's GUID or DN is what
 * SOURCE_NOT_INACTIVE must recognise. Why active only: see name-rules.ts (Microsoft Learn "Recover an inactive
 * mailbox", MicrosoftDocs/microsoft-365-docs issue #2814); inactive and soft-deleted mailboxes show the Identity
 * "Soft Deleted Objects\<Name>" (Microsoft Learn "Delete an inactive mailbox",
 * https://learn.microsoft.com/purview/delete-an-inactive-mailbox, section "More information").
 */
async function findActiveMailboxes(
  items: readonly BulkOperationItem[],
  readsDirectory: boolean,
  index: Pick<TenantSnapshot, 'inactiveByGuid' | 'inactiveByDn'>,
  exchange: Pick<ExchangeGateway, 'findActiveMailboxes'>,
): Promise<MailboxRecord[]> {
  const names = readsDirectory ? distinctValues(items.map((item) => derivedNameOf(item))) : [];
  const sources = items.map((item) => item.sourceIdentity.trim());
  const exchangeGuids = distinctValues(
    sources.filter((s) => classifyIdentity(s) === 'guid' && !index.inactiveByGuid.has(guidKey(s))).map(guidKey),
  );
  const distinguishedNames = distinctValues(
    sources.filter((s) => classifyIdentity(s) === 'dn' && !index.inactiveByDn.has(identityKey(s))),
  );
  if (names.length + exchangeGuids.length + distinguishedNames.length === 0) return [];
  return exchange.findActiveMailboxes({ names, exchangeGuids, distinguishedNames });
}

function derivedNameOf(item: BulkOperationItem): string | null {
  const upn = item.targetIdentity?.trim();
  return upn ? deriveMailboxName(upn) : null;
}

function indexActiveMailboxes(
  mailboxes: readonly MailboxRecord[],
): Pick<TenantSnapshot, 'activeByName' | 'activeByGuid' | 'activeByDn'> {
  const activeByName = new Map<string, MailboxRecord>();
  const activeByGuid = new Map<string, MailboxRecord>();
  const activeByDn = new Map<string, MailboxRecord>();
  for (const mailbox of mailboxes) {
    if (mailbox.isInactiveMailbox) continue;
    if (mailbox.name) activeByName.set(mailbox.name.toLowerCase(), mailbox);
    if (mailbox.exchangeGuid) activeByGuid.set(guidKey(mailbox.exchangeGuid), mailbox);
    if (mailbox.distinguishedName) activeByDn.set(identityKey(mailbox.distinguishedName), mailbox);
  }
  return { activeByName, activeByGuid, activeByDn };
}

/** Case-insensitively distinct, first spelling kept (Exchange compares Names and GUIDs without case). */
function distinctValues(values: readonly (string | null)[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
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
