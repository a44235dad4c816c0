import type { BulkOperationItem } from '../model.ts';
import type { DirectoryUser, MailboxRecord, RestoreRequestRecord, RestoreRequestStatus } from '../tenant-ports.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { classifyIdentity, COLUMNS, guidKey, identityKey, readBooleanField } from './item-fields.ts';
import { isMailUserRecipient, refuseMailUserTarget } from './mail-user-target.ts';
import { describeMailbox, PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';
import { findActiveUser, findInactive } from './resolve-source.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

/** Restore request states after which the request no longer copies anything. */
export const FINISHED_RESTORE_STATUSES: ReadonlySet<RestoreRequestStatus> = new Set([
  'Completed',
  'CompletedWithWarning',
  'Failed',
]);

export interface RestoreTargetOptions {
  allowSyncedTargetX500?: boolean;
}

/**
 * The target must be an active mailbox (or a mail user's cloud-based archive) that can take the source's X500
 * address; an unfinished request already copying into it is pointed out (the executor refuses the row if that
 * request copies the same source). Active targets are known from the Graph look-ups (a user with mail
 * addresses) and Get-Recipient (mailbox or mail user); a target written as a GUID or DN can only be checked
 * against the inactive list here, the executor checks the rest before it writes.
 */
export function checkRestoreTarget(
  item: Readonly<BulkOperationItem>,
  source: MailboxRecord | null,
  snapshot: TenantSnapshot,
  options: RestoreTargetOptions,
): ValidationIssue[] {
  const target = item.targetIdentity?.trim();
  if (!target) return [];
  const column = COLUMNS.restoreTarget;
  const user = classifyIdentity(target) === 'address' ? findActiveUser(target, snapshot) : undefined;
  const mailUserIssue = checkMailUserTarget(item, target, snapshot);
  if (mailUserIssue?.severity === 'error') return [mailUserIssue];
  if (user && !hasMailbox(user)) {
    const message = `The user ${user.userPrincipalName} exists but has no mailbox to restore ${target} into.`;
    return [rowIssue(item, column, PREFLIGHT_CODES.targetMailboxNotFound, 'error', message)];
  }
  if (!user && !mailUserIssue) {
    const inactive = findInactive(target, snapshot)[0];
    if (inactive) {
      const message = `The target ${target} is ${describeMailbox(inactive)}; restore into an active mailbox.`;
      return [rowIssue(item, column, PREFLIGHT_CODES.targetIsInactive, 'error', message)];
    }
    if (classifyIdentity(target) === 'address') {
      const message = `No mailbox has the address ${target}.`;
      return [rowIssue(item, column, PREFLIGHT_CODES.targetMailboxNotFound, 'error', message)];
    }
  }

  const issues: ValidationIssue[] = mailUserIssue ? [mailUserIssue] : [];
  if (user?.onPremisesSyncEnabled === true && source && !hasX500(user, source)) {
    const optedIn = options.allowSyncedTargetX500 === true;
    const message = optedIn
      ? `The target ${target} is synced from on-premises Active Directory, so the restore will run with AllowLegacyDNMismatch instead of adding the X500 address.`
      : `The target ${target} is synced from on-premises Active Directory: add X500:${source.legacyExchangeDN} to it on-premises and let it sync before restoring.`;
    issues.push(
      rowIssue(item, column, PREFLIGHT_CODES.targetSyncedX500Required, optedIn ? 'warning' : 'error', message),
    );
  }
  const pending = source ? findUnfinishedRequestInto(snapshot.restoreRequests, target, user) : undefined;
  if (pending && source) {
    const message = `The restore request '${pending.name}' (${pending.status}) is still copying a mailbox into ${target}. Exchange's request list does not say which one, so before submitting this row its statistics are read, and the row is refused if it copies ${describeMailbox(source)} too.`;
    issues.push(rowIssue(item, column, PREFLIGHT_CODES.targetHasUnfinishedRestore, 'warning', message));
  }
  return issues;
}

/**
 * A target address only a mail user holds (Get-Recipient's RecipientTypeDetails; Graph shows a mail user as a user
 * with mail like any other): an error unless the row restores into its cloud-based archive, whose state the
 * executor reads with Get-MailUser just before it writes (one call per such row would break the snapshot's budget).
 */
function checkMailUserTarget(
  item: Readonly<BulkOperationItem>,
  target: string,
  snapshot: TenantSnapshot,
): ValidationIssue | undefined {
  if (classifyIdentity(target) !== 'address') return undefined;
  const holders = (snapshot.recipientsByAddress.get(identityKey(target)) ?? []).filter((r) => !r.whenSoftDeleted);
  if (holders.length === 0 || !holders.every(isMailUserRecipient)) return undefined;
  const intoArchive = readBooleanField(item, COLUMNS.targetIsArchive) === true;
  const refusal = refuseMailUserTarget(target, intoArchive);
  const message =
    refusal ??
    `The target ${target} is a mail user, not a mailbox: the content goes into its cloud-based archive, which must be Active in Exchange Online; that is checked just before the request is submitted.`;
  const severity = refusal ? 'error' : 'warning';
  return rowIssue(item, COLUMNS.restoreTarget, PREFLIGHT_CODES.targetIsMailUser, severity, message);
}

function hasMailbox(user: DirectoryUser): boolean {
  return user.mail !== null || user.proxyAddresses.some((address) => /^smtp:/i.test(address));
}

function hasX500(user: DirectoryUser, source: MailboxRecord): boolean {
  const wanted = `x500:${source.legacyExchangeDN}`.toLowerCase();
  return user.proxyAddresses.some((address) => address.toLowerCase() === wanted);
}

/**
 * Get-MailboxRestoreRequest names the target (TargetMailbox) but not the source: public captures list only
 * Name, Status, TargetMailbox and RequestGuid (KelvinTegelaar/CIPP src/pages/email/tools/mailbox-restores/index.js;
 * gist Spartan-196/249b097f099426ad67b4000b96e32a2f), the source being in the statistics (SourceExchangeGuid), one
 * call per request. Reading them here would make pre-flight's cost grow with the tenant's requests, so pre-flight
 * matches the target alone (against every name we know for it; an active target's Exchange GUID is not in the
 * snapshot) and the executor compares the sources before it writes.
 */
function findUnfinishedRequestInto(
  requests: readonly RestoreRequestRecord[],
  target: string,
  user: DirectoryUser | undefined,
): RestoreRequestRecord | undefined {
  const targetNames = namesOf([
    target,
    user?.id,
    user?.userPrincipalName,
    user?.userPrincipalName.split('@')[0],
    user?.mail,
    ...(user?.proxyAddresses ?? []).filter((address) => /^smtp:/i.test(address)).map((address) => address.slice(5)),
  ]);
  return requests.find(
    (request) =>
      !FINISHED_RESTORE_STATUSES.has(request.status) &&
      keysOf(request.targetMailbox).some((key) => targetNames.has(key)),
  );
}

function namesOf(values: readonly (string | null | undefined)[]): Set<string> {
  return new Set(values.filter((value): value is string => Boolean(value)).map(nameKey));
}

/** A DN also answers to its CN, which is usually the mailbox's Name (the alias). */
function keysOf(value: string): string[] {
  const cn = classifyIdentity(value) === 'dn' ? /^CN=((?:[^,\\]|\\.)+)/i.exec(value.trim())?.[1] : undefined;
  return cn ? [nameKey(value), nameKey(cn.replace(/\\(.)/g, '$1'))] : [nameKey(value)];
}

function nameKey(value: string): string {
  return classifyIdentity(value) === 'guid' ? guidKey(value) : identityKey(value);
}
