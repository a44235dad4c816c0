/**
 * A job ended: it is stored as ended, its results CSV is kept for the signed link, and the summary goes to the
 * requester's chat and to the notification channel. Only the requester's 1:1 chat gets a link: the results
 * file names mailboxes and addresses, and a signed link works for whoever holds it.
 */
import {
  renderCompletionCard,
  toCompletionView,
  type AdaptiveCard,
  type CompletionContext,
} from '../../cards/index.ts';
import { exportResultsCsv } from '../../operations/csv/index.ts';
import { applyJobEvent, jobEndStateOf, type JobRecord } from '../../operations/jobs/index.ts';
import type { BulkOperationResult } from '../../operations/model.ts';
import type { BotServices } from '../bot-deps.ts';
import { summariseCompletion } from '../message-summaries.ts';
import { cardMessage } from '../reply.ts';
import { describeError } from './background-work.ts';

export type JobSummaryServices = Pick<
  BotServices,
  'jobs' | 'audit' | 'clock' | 'vault' | 'signLink' | 'conversations' | 'notificationChannel' | 'proactive' | 'log'
>;

export async function finishJob(bot: JobSummaryServices, job: JobRecord, result: BulkOperationResult): Promise<void> {
  const ended = jobEndStateOf(result.state);
  if (ended === undefined) return; // shut down mid-run: resumed at the next start
  await applyJobEvent({ store: bot.jobs, audit: bot.audit }, job.jobId, {
    kind: 'finish',
    state: ended,
    actor: 'system',
    now: bot.clock.now(),
  });
  await saveResultsFile(bot, job, result);
  const personal = job.conversation?.kind === 'personal';
  const summary = (delivery: ResultsDelivery) =>
    cardMessage(renderJobCompletionCard(job, result, delivery), summariseCompletion(job, result.totals));
  const requesterChat = job.conversation ? await bot.conversations.getReference(job.conversation.id) : undefined;
  const channel = await bot.notificationChannel();
  const logFailure = (error: unknown) =>
    bot.log(`job ${job.jobId}: a completion summary was not delivered (${describeError(error)})`);
  // One failed target must not keep the summary from the other (a gone chat is forgotten by proactive).
  if (requesterChat) {
    const delivery: ResultsDelivery = personal
      ? { resultsUrl: bot.signLink(job.jobId, 'results', `results-${job.jobId}.csv`), offerFile: true }
      : { resultsUrl: null };
    await bot.proactive.send(requesterChat, summary(delivery)).catch(logFailure);
  }
  if (channel && channel.conversation.id !== job.conversation?.id) {
    await bot.proactive.postNewThread(channel, summary({ resultsUrl: null, channelCopy: true })).catch(logFailure);
  }
}

/** The results file, every row of the file in it (the blocked ones too), kept for links and file offers. */
export async function saveResultsFile(
  bot: Pick<JobSummaryServices, 'vault'>,
  job: JobRecord,
  result: BulkOperationResult,
): Promise<void> {
  await bot.vault.put(job.jobId, 'results', exportResultsCsv(result, { blocked: job.blockedRows }));
}

export type ResultsDelivery = Pick<CompletionContext, 'resultsUrl' | 'offerFile' | 'channelCopy'>;

/** The summary card of a job that ran, with its blocked rows and its people. */
export function renderJobCompletionCard(
  job: JobRecord,
  result: BulkOperationResult,
  delivery: ResultsDelivery,
): AdaptiveCard {
  return renderCompletionCard(
    toCompletionView(result, {
      ...delivery,
      fileName: job.fileName,
      blockedAtValidation: job.rowCounts.blocked,
      requestedBy: job.requester.name,
      // A job approved by policy (read-only) had no approver: naming the requester there would be untrue.
      approvedBy: job.decision?.action === 'approve' && job.decision.via !== 'policy' ? job.decision.by.name : null,
    }),
  );
}
