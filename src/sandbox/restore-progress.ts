/**
 * How a restore request moves over time: Queued (0 %) for the first fifth of its duration, then InProgress
 * with PercentComplete rising from 10 to 95, then its outcome. Computed from the clock on every read, so a
 * test that moves its clock sees the request progress without waiting.
 */
import type { RestoreOutcome } from './fixture-types.ts';
import { formatByteQuantity, formatExchangeDate } from './exchange-values.ts';

export interface RestorePlan {
  queuedAtMs: number;
  durationMs: number;
  outcome: RestoreOutcome;
  estimatedBytes: number;
  estimatedItems: number;
}

/** Get-MailboxRestoreRequestStatistics properties that change while the request runs. */
export type RestoreProgress = Record<string, unknown> & {
  Status: string;
  StatusDetail: string;
  PercentComplete: number;
};

const QUEUED_SHARE = 0.2;

function describeFinal(plan: RestorePlan): RestoreProgress {
  switch (plan.outcome) {
    case 'Completed':
      return { Status: 'Completed', StatusDetail: 'Completed', PercentComplete: 100, DataConsistencyScore: 'Perfect' };
    case 'CompletedWithWarning':
      return {
        Status: 'CompletedWithWarning',
        StatusDetail: 'Completed',
        PercentComplete: 100,
        DataConsistencyScore: 'Good',
        BadItemsEncountered: 3,
        Message: 'Warning: 3 corrupted items were skipped and not copied to the target mailbox.',
      };
    case 'Failed':
      // The case admins report: every item copied, yet the request ends Failed at 95 %.
      return {
        Status: 'Failed',
        StatusDetail: 'FailedOther',
        PercentComplete: 95,
        DataConsistencyScore: 'Investigate',
        FailureType: 'StoragePermanentException',
        FailureSide: 'Target',
        Message:
          'Error: All items were copied, but the request failed while finalising the target mailbox. ' +
          'Review the report before restoring again.',
      };
  }
}

export function computeRestoreProgress(plan: RestorePlan, nowMs: number): RestoreProgress {
  const elapsed = Math.max(0, nowMs - plan.queuedAtMs);
  const queuedFor = plan.durationMs * QUEUED_SHARE;
  const base = {
    QueuedTimestamp: formatExchangeDate(plan.queuedAtMs),
    EstimatedTransferSize: formatByteQuantity(plan.estimatedBytes),
    EstimatedTransferItemCount: plan.estimatedItems,
    BadItemsEncountered: 0,
    DataConsistencyScore: 'Perfect',
    FailureType: null,
    Message: null,
  };
  const transferred = (share: number) => ({
    BytesTransferred: formatByteQuantity(Math.floor(plan.estimatedBytes * share)),
    ItemsTransferred: Math.floor(plan.estimatedItems * share),
  });
  if (plan.durationMs > 0 && elapsed < queuedFor) {
    return { ...base, ...transferred(0), Status: 'Queued', StatusDetail: 'Queued', PercentComplete: 0 };
  }
  const startTimestamp = formatExchangeDate(plan.queuedAtMs + queuedFor);
  if (elapsed < plan.durationMs) {
    const share = (elapsed - queuedFor) / (plan.durationMs - queuedFor);
    return {
      ...base,
      ...transferred(share),
      Status: 'InProgress',
      StatusDetail: 'CopyingMessages',
      PercentComplete: 10 + Math.floor(85 * share),
      StartTimestamp: startTimestamp,
    };
  }
  const final = describeFinal(plan);
  const endTimestamp = formatExchangeDate(plan.queuedAtMs + plan.durationMs);
  return {
    ...base,
    ...transferred(1),
    StartTimestamp: startTimestamp,
    ...(plan.outcome === 'Failed' ? { FailureTimestamp: endTimestamp } : { CompletionTimestamp: endTimestamp }),
    ...final,
  };
}

/**
 * Properties served only by Get-MailboxRestoreRequestStatistics, not by Get-MailboxRestoreRequest.
 * The request object names its target (TargetMailbox) but no source mailbox: public captures list only
 * Name, Status, TargetMailbox, RequestGuid, WhenCreated for it (KelvinTegelaar/CIPP
 * src/pages/email/tools/mailbox-restores/index.js; gist Spartan-196/249b097f099426ad67b4000b96e32a2f
 * `Get-MailboxRestoreRequest | Select Name,TargetMailbox,Status,RequestGuid`), while the statistics carry
 * SourceExchangeGuid and TargetExchangeGuid (KelvinTegelaar/CIPP src/components/CippComponents/MailboxRestoreDetails.jsx;
 * Learn "MailboxRestoreRequestStatistics.TargetExchangeGuid property",
 * https://learn.microsoft.com/previous-versions/office/exchange-server-api/gg385855(v=exchg.150)).
 */
export const STATISTICS_ONLY_PROPERTIES = new Set([
  'SourceExchangeGuid',
  'TargetExchangeGuid',
  'StatusDetail',
  'PercentComplete',
  'BytesTransferred',
  'EstimatedTransferSize',
  'ItemsTransferred',
  'EstimatedTransferItemCount',
  'DataConsistencyScore',
  'BadItemsEncountered',
  'FailureType',
  'FailureSide',
  'FailureTimestamp',
  'Message',
  'QueuedTimestamp',
  'StartTimestamp',
  'CompletionTimestamp',
]);
