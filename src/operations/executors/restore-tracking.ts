/** What a finished restore request means for its row (tracking itself: restore-batch-tracker.ts). */
import type { JsonObject } from '../model.ts';
import type { ItemOutcome } from '../ports.ts';
import type { RestoreRequestStatistics } from '../tenant-ports.ts';
import { failPermanently } from './tenant-failure.ts';

export const RESTORE_FAILED = 'RESTORE_FAILED';
export const RESTORE_FAILED_ALL_ITEMS_COPIED = 'RESTORE_FAILED_ALL_ITEMS_COPIED';

/** The row's outcome once the request finished (Completed, CompletedWithWarning, Failed); undefined before. */
export function finalOutcome(
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
