import type { ItemOutcome } from '../ports.ts';
import { deriveMailboxName } from '../preflight/derive-mailbox-name.ts';
import { COLUMNS, readField } from '../preflight/item-fields.ts';
import { PREFLIGHT_CODES } from '../preflight/preflight-codes.ts';
import { recoveryBlockers } from '../preflight/source-rules.ts';
import type { ExchangeGateway, MailboxRecord, NewMailboxFromInactiveParams } from '../tenant-ports.ts';
import { hasReached, type RecoveryRun } from './recovery-checkpoint.ts';
import { failPermanently } from './tenant-failure.ts';

export const RECOVERY_IN_DOUBT = 'RECOVERY_IN_DOUBT';

/**
 * Re-checks the source, then sends New-Mailbox -InactiveMailbox once. `mailboxRequested` is saved before the
 * write: a later attempt that finds it first looks for a mailbox at the target UPN, and sends again only while
 * the source is still inactive (a successful New-Mailbox consumes the inactive mailbox).
 * Returns an outcome when the row cannot go on, `undefined` once the mailbox exists.
 */
export async function ensureRecoveredMailbox(
  run: RecoveryRun,
  exchange: Pick<ExchangeGateway, 'getMailbox' | 'newMailboxFromInactive'>,
  makePassword: () => string,
): Promise<ItemOutcome | undefined> {
  const { item, state, upn } = run;
  const source = state.sourceGuid ?? item.sourceIdentity;
  if (state.step === 'mailboxRequested') {
    // A successful New-Mailbox consumes the inactive mailbox, so the source tells whether our earlier request
    // went through; a mailbox at the UPN alone proves nothing (someone else may hold that UPN).
    const stillInactive = await exchange.getMailbox(source, { inactiveMailboxOnly: true });
    const existing = await exchange.getMailbox(upn);
    const atUpn = existing && !existing.isInactiveMailbox ? existing : null;
    if (!stillInactive && atUpn) {
      await run.save({ step: 'mailboxCreated', exchangeGuid: atUpn.exchangeGuid, upn });
      return undefined;
    }
    if (!stillInactive) {
      return failPermanently(
        RECOVERY_IN_DOUBT,
        `The inactive mailbox ${source} is gone but no mailbox holds ${upn} yet; check the tenant before retrying this row.`,
      );
    }
    if (atUpn) {
      return failPermanently(
        PREFLIGHT_CODES.targetUpnInUse,
        `${upn} now belongs to another mailbox (${atUpn.exchangeGuid}) and the inactive mailbox ${source} was not recovered; choose another UPN.`,
      );
    }
  } else if (!hasReached(state, 'rechecked')) {
    const mailbox = await exchange.getMailbox(item.sourceIdentity, { inactiveMailboxOnly: true });
    const refusal = recheckSource(item.sourceIdentity, mailbox);
    if (refusal || !mailbox) return refusal;
    await run.save({ step: 'rechecked', sourceGuid: mailbox.exchangeGuid });
  }

  await run.save({ step: 'mailboxRequested' });
  const created = await exchange.newMailboxFromInactive({ ...newMailboxParams(run), password: makePassword() });
  await run.save({ step: 'mailboxCreated', exchangeGuid: created.exchangeGuid, upn });
  return undefined;
}

export function newMailboxParams(run: RecoveryRun): Omit<NewMailboxFromInactiveParams, 'password'> {
  const { item, upn } = run;
  const name = deriveMailboxName(upn);
  return {
    inactiveMailbox: run.state.sourceGuid ?? item.sourceIdentity,
    name,
    displayName: readField(item, COLUMNS.displayName) ?? name,
    firstName: readField(item, COLUMNS.firstName),
    lastName: readField(item, COLUMNS.lastName),
    microsoftOnlineServicesId: upn,
    primarySmtpAddress: readField(item, COLUMNS.targetSmtp),
    resetPasswordOnNextLogon: true,
  };
}

function recheckSource(identity: string, mailbox: MailboxRecord | null): ItemOutcome | undefined {
  if (!mailbox) {
    return failPermanently(
      PREFLIGHT_CODES.sourceNotFound,
      `No inactive mailbox ${identity} exists any more; it may have been recovered or removed since the file was checked.`,
    );
  }
  if (!mailbox.isInactiveMailbox) {
    return failPermanently(PREFLIGHT_CODES.sourceNotInactive, `The mailbox ${identity} is no longer inactive.`);
  }
  const [blocker] = recoveryBlockers(mailbox);
  return blocker ? failPermanently(blocker.code, blocker.message) : undefined;
}
