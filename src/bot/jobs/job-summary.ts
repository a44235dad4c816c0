/**
 * A job ended: it is stored as ended, its results CSV is kept for the signed links, and the summary goes to the
 * requester's chat, to the 1:1 chat of each person who approved it, and to the notification channel. Only the
 * 1:1 chats get the results (a link made for that one person, and the file offered through file consent): the
 * results file names mailboxes and addresses. The channel copy has neither.
 */
import {
  renderCompletionCard,
  toCompletionView,
  type AdaptiveCard,
  type CompletionContext,
} from '../../cards/index.ts';
import { exportResultsCsv } from '../../operations/csv/index.ts';
import {
  applyJobEvent,
  approversOf,
  jobEndStateOf,
  personKey,
  type JobRecord,
  type PersonIds,
} from '../../operations/jobs/index.ts';
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
  const forPerson = (person: PersonIds): ResultsDelivery => ({
    resultsUrl: bot.signLink(job.jobId, 'results', `results-${job.jobId}.csv`, person),
    offerFile: true,
  });
  const told = new Set<string>();
  if (requesterChat) {
    told.add(requesterChat.conversation.id);
    await bot.proactive
      .send(requesterChat, summary(personal ? forPerson(job.requester) : { resultsUrl: null }))
      .catch(logFailure);
  }
  for (const approver of approversOf(job)) {
    const chat = await bot.conversations.getPersonalReference(personKey(approver));
    // A chat already told (the Playground's one personal chat) gets no second copy.
    if (chat === undefined || told.has(chat.conversation.id)) continue;
    told.add(chat.conversation.id);
    await bot.proactive.send(chat, summary(forPerson(approver))).catch(logFailure);
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
