/**
 * One progress card per job, posted on the first update and replaced in place after that, coalesced per
 * conversation within Teams' rate limits (see progress/).
 */
import { renderProgressCard, toProgressView, type RestoreRequestCounts } from '../../cards/index.ts';
import type { ProgressSnapshot } from '../../operations/bulk/progress-tracker.ts';
import type { JobRecord } from '../../operations/jobs/index.ts';
import type { BulkOperationResult } from '../../operations/model.ts';
import type { BotServices } from '../bot-deps.ts';
import { createCoalescingUpdater, type CardUpdater } from '../progress/index.ts';
import { summariseProgress } from '../message-summaries.ts';
import { cardMessage, type SummarisedMessage } from '../reply.ts';
import { countRestoreRequests } from './restore-request-counts.ts';

export type ProgressUpdateServices = Pick<
  BotServices,
  'throttle' | 'log' | 'conversations' | 'operations' | 'clock' | 'proactive' | 'rememberCard'
>;

export function createProgressUpdater(
  bot: ProgressUpdateServices,
  job: JobRecord,
  isCancelling: () => boolean,
): CardUpdater<ProgressSnapshot> {
  const conversationId = job.conversation?.id ?? `job:${job.jobId}`;
  let activityId: string | undefined = job.cardActivityIds.progress;
  return createCoalescingUpdater<ProgressSnapshot>({
    throttle: bot.throttle,
    conversationId,
    onGiveUp: (event) => bot.log(`progress card of job ${job.jobId}: gave up (${event.reason})`),
    send: async (snapshot) => {
      const reference = job.conversation ? await bot.conversations.getReference(job.conversation.id) : undefined;
      if (reference === undefined) return;
      const restoreRequests = job.type === 'restore' ? await restoreCountsOf(bot, job.jobId) : null;
      const card = renderProgressCard(
        toProgressView(snapshot, {
          fileName: job.fileName,
          updatedAt: bot.clock.now().toISOString(),
          restoreRequests,
          cancelRequested: isCancelling(),
        }),
      );
      // `summary` only: a progress message with `text` too is not updated in place by the Agents Playground
      // (each update arrived as a new message), and the feed reads the summary.
      const { text: _text, ...message } = cardMessage(card, summariseProgress(job, snapshot.totals));
      // The first update posts the card; later ones replace it in place.
      if (activityId !== undefined) return bot.proactive.update(reference, activityId, message as SummarisedMessage);
      activityId = await bot.proactive.send(reference, message as SummarisedMessage);
      if (activityId !== undefined) await bot.rememberCard(job.jobId, 'progress', activityId);
    },
  });
}

/** Read at send time, not per push: the updater coalesces pushes, so the store is read once per card update. */
async function restoreCountsOf(
  bot: Pick<BotServices, 'operations'>,
  jobId: string,
): Promise<RestoreRequestCounts | null> {
  const operation = await bot.operations.load(jobId);
  return operation === undefined ? null : countRestoreRequests(operation.items);
}

/** The last snapshot of a finished operation, for the card's final update. */
export function snapshotOf(result: BulkOperationResult): ProgressSnapshot {
  return {
    jobId: result.jobId,
    operationType: result.operationType,
    state: result.state,
    totals: result.totals,
    throughputPerMinute: 0,
    etaSeconds: null,
    lastErrors: result.items
      .filter((item) => item.status === 'failed' && item.error !== null)
      .slice(-5)
      .map((item) => ({ row: item.rowNumber, code: item.error?.code ?? '', message: item.error?.message ?? '' })),
  };
}
