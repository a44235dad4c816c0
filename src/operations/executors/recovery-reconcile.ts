import type { BulkOperationItem } from '../model.ts';
import type { ReconcileVerdict } from '../ports.ts';
import { TenantError, type ExchangeGateway } from '../tenant-ports.ts';
import { licenceRequestOf, type AccessSettings } from './recovery-access-steps.ts';
import { hasReached, readRecoveryState, recoveryResult } from './recovery-checkpoint.ts';

/**
 * After a crash: is this row's mailbox already recovered? Exchange may give the recovered mailbox a new
 * ExchangeGuid (the sandbox does; live behaviour is unverified), so "ours" means either the same GUID, or the
 * source is no longer inactive while a mailbox holds the target UPN and our checkpoint says New-Mailbox was
 * sent. A recovered row with licence/TAP steps still to do is `not_done`: execute resumes after the mailbox
 * step without sending New-Mailbox again.
 */
export async function reconcileRecovery(
  item: Readonly<BulkOperationItem>,
  exchange: Pick<ExchangeGateway, 'getMailbox'>,
  settings: AccessSettings & { issueTemporaryAccessPass?: boolean },
): Promise<ReconcileVerdict> {
  const state = readRecoveryState(item.checkpoint);
  const upn = item.targetIdentity?.trim() ?? '';
  const moreSteps = hasMoreSteps(item, settings);
  if (hasReached(state, 'mailboxCreated')) {
    const finished =
      hasReached(state, 'licensed') && (!settings.issueTemporaryAccessPass || hasReached(state, 'tapIssued'));
    return finished ? { state: 'done', result: recoveryResult(state, upn) } : { state: 'not_done' };
  }
  const sourceIdentity = state.sourceGuid ?? item.sourceIdentity;
  try {
    const atUpn = upn ? await exchange.getMailbox(upn) : null;
    const source = await exchange.getMailbox(sourceIdentity, { inactiveMailboxOnly: true });
    const active = atUpn && !atUpn.isInactiveMailbox ? atUpn : null;
    const sameGuid = active !== null && source !== null && active.exchangeGuid === source.exchangeGuid;
    const requested = state.step === 'mailboxRequested';
    if (active && (sameGuid || (!source && requested))) {
      if (moreSteps) return { state: 'not_done' };
      return { state: 'done', result: recoveryResult({ ...state, exchangeGuid: active.exchangeGuid, upn }, upn) };
    }
    if (source && !active) return { state: 'not_done' };
    if (active) {
      return {
        state: 'unknown',
        reason: `A mailbox already holds ${upn}, but nothing shows it was recovered from ${sourceIdentity}.`,
      };
    }
    return {
      state: 'unknown',
      reason: `The inactive mailbox ${sourceIdentity} is gone but no mailbox holds ${upn}; check the tenant before retrying.`,
    };
  } catch (error) {
    if (!(error instanceof TenantError)) throw error;
    return { state: 'unknown', reason: `The tenant could not be checked: ${error.message}` };
  }
}

function hasMoreSteps(
  item: Readonly<BulkOperationItem>,
  settings: AccessSettings & { issueTemporaryAccessPass?: boolean },
): boolean {
  const request = licenceRequestOf(item, settings);
  return Boolean(request.sku || request.usageLocation || settings.issueTemporaryAccessPass);
}
