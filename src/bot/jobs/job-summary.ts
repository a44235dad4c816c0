/**
 * A job ended: it is stored as ended, its results CSV is kept for the signed link, and the summary goes to the
 * requester's chat and to the notification channel.
 */
import { renderCompletionCard, toCompletionView } from '../../cards/index.ts';
import { exportResultsCsv } from '../../operations/csv/index.ts';
import { markFinished, type JobEndState, type JobRecord } from '../../operations/jobs/index.ts';
import type { BulkOperationResult } from '../../operations/model.ts';
import type { BotServices } from '../bot-deps.ts';
import { summariseCompletion } from '../message-summaries.ts';
import { cardMessage } from '../reply.ts';
import { describeError } from './background-work.ts';

export type JobSummaryServices = Pick<
  BotServices,
  'jobs' | 'vault' | 'signLink' | 'conversations' | 'notificationChannel' | 'proactive' | 'log'
>;

export async function finishJob(bot: JobSummaryServices, job: JobRecord, result: BulkOperationResult): Promise<void> {
  if (result.state === 'running') return; // shut down mid-run: resumed at the next start
  const ended: JobEndState = result.state;
  await bot.jobs.update(job.jobId, (current) => (current === undefined ? undefined : markFinished(current, ended)));
  await bot.vault.put(job.jobId, 'results', exportResultsCsv(result));
  const resultsUrl = bot.signLink(job.jobId, 'results', `results-${job.jobId}.csv`);
  const summary = (offerFile: boolean) =>
    cardMessage(
      renderCompletionCard(toCompletionView(result, { fileName: job.fileName, resultsUrl, offerFile })),
      summariseCompletion(job, result.totals),
    );
  const requesterChat = job.conversation ? await bot.conversations.getReference(job.conversation.id) : undefined;
  const channel = await bot.notificationChannel();
  const logFailure = (error: unknown) =>
    bot.log(`job ${job.jobId}: a completion summary was not delivered (${describeError(error)})`);
  // One failed target must not keep the summary from the other (a gone chat is forgotten by proactive).
  if (requesterChat) {
    await bot.proactive.send(requesterChat, summary(job.conversation?.kind === 'personal')).catch(logFailure);
  }
  if (channel && channel.conversation.id !== job.conversation?.id) {
    await bot.proactive.postNewThread(channel, summary(false)).catch(logFailure);
  }
}
