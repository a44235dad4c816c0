import type { JsonObject } from '../model.ts';
import type { Clock, ExecutionContext, ItemOutcome } from '../ports.ts';
import { TenantError, type RestoreRequestStatistics } from '../tenant-ports.ts';
import type { RestoreExchange } from './restore-submit.ts';
import { failPermanently } from './tenant-failure.ts';

export const RESTORE_FAILED = 'RESTORE_FAILED';
export const RESTORE_FAILED_ALL_ITEMS_COPIED = 'RESTORE_FAILED_ALL_ITEMS_COPIED';

/**
 * A restore runs for hours while Exchange copies: a throttled or failed poll says nothing about the copy, so
 * it is waited out here instead of spending the row's retries. Only this many failed polls in a row go up.
 */
const MAX_FAILED_POLLS_IN_A_ROW = 10;

/**
 * Polls the request's statistics until it finishes. Suspended and AutoSuspended requests are still polled:
 * an admin may resume them, and the progress card shows the status meanwhile. Each poll reads the tenant,
 * so a restart simply resumes here.
 */
export async function trackRestore(
  request: { name: string; requestGuid: string },
  exchange: Pick<RestoreExchange, 'getRestoreRequestStatistics'>,
  clock: Clock,
  pollIntervalMs: number,
  context: Pick<ExecutionContext, 'signal' | 'saveCheckpoint'>,
): Promise<ItemOutcome> {
  let lastProgress = '';
  let failedPolls = 0;
  for (;;) {
    let stats: RestoreRequestStatistics;
    try {
      stats = await exchange.getRestoreRequestStatistics(request.requestGuid);
      failedPolls = 0;
    } catch (error) {
      failedPolls += 1;
      if (
        !(error instanceof TenantError) ||
        error.errorClass !== 'transient' ||
        failedPolls >= MAX_FAILED_POLLS_IN_A_ROW
      ) {
        throw error;
      }
      await clock.sleep(Math.max(pollIntervalMs, error.retryAfterMs ?? 0), context.signal);
      continue;
    }
    const outcome = finalOutcome(request, stats);
    if (outcome) return outcome;
    const progress = `${stats.status}/${stats.percentComplete}`;
    if (progress !== lastProgress) {
      lastProgress = progress;
      await context.saveCheckpoint({ step: 'tracking', percentComplete: stats.percentComplete, status: stats.status });
    }
    await clock.sleep(pollIntervalMs, context.signal);
  }
}

function finalOutcome(
  request: { name: string; requestGuid: string },
  stats: RestoreRequestStatistics,
): ItemOutcome | undefined {
  switch (stats.status) {
    case 'Completed':
      return { status: 'completed', result: restoreResult(request, stats) };
    case 'CompletedWithWarning': {
      const detail = stats.failureMessage ? `: ${stats.failureMessage}` : '';
      const note = `The restore request ${request.name} completed with warnings${detail}; check its report.`;
      return { status: 'completed', result: { ...restoreResult(request, stats), note } };
    }
    case 'Failed':
      return failedOutcome(request.name, stats);
    default:
      return undefined;
  }
}

/** A `FailedOther` request that copied every item did its job: say so, with the numbers, instead of hiding it. */
function failedOutcome(name: string, stats: RestoreRequestStatistics): ItemOutcome {
  const copied = `${stats.itemsTransferred} of ${stats.estimatedTransferItemCount} items (${stats.bytesTransferred} bytes)`;
  const allCopied =
    stats.statusDetail.toLowerCase() === 'failedother' &&
    stats.estimatedTransferItemCount > 0 &&
    stats.itemsTransferred >= stats.estimatedTransferItemCount;
  if (allCopied) {
    return failPermanently(
      RESTORE_FAILED_ALL_ITEMS_COPIED,
      `The restore request ${name} ended Failed (FailedOther) although all ${copied} were copied; check the target mailbox before restoring again.`,
    );
  }
  const reason = stats.failureMessage ? `: ${stats.failureMessage}` : '';
  return failPermanently(
    RESTORE_FAILED,
    `The restore request ${name} failed (${stats.statusDetail || 'no detail'}) after copying ${copied}${reason}.`,
  );
}

export function restoreResult(
  request: { name: string; requestGuid: string },
  stats: RestoreRequestStatistics,
): JsonObject {
  return {
    requestName: request.name,
    requestGuid: request.requestGuid,
    restoreStatus: stats.status,
    statusDetail: stats.statusDetail,
    percentComplete: stats.percentComplete,
    bytesTransferred: stats.bytesTransferred,
    dataConsistencyScore: stats.dataConsistencyScore,
  };
}
