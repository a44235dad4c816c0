/**
 * A job found after a restart whose approved rows are gone (stored as running before jobs kept their rows
 * until they end, or altered since the approval): it cannot run, so it ends as failed — audited, and said in
 * one sentence to the requester — instead of staying "running" forever.
 */
import { markFinished, rowsLostAuditEvent, type JobRecord } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { textMessage } from '../reply.ts';

export type LostJobServices = Pick<BotServices, 'jobs' | 'audit' | 'log' | 'conversations' | 'proactive'>;

export function describeLostJob(job: Pick<JobRecord, 'jobId' | 'fileName'>): string {
  return (
    `Job ${job.jobId} (${job.fileName}) was stopped after a restart because its approved rows could no longer ` +
    'be found, so none of them ran and nothing was changed; please upload the file again.'
  );
}

/**
 * Audits first, inside the job's own update: a job must not end without a trace, and the trace is written only
 * if the job really ends here. Resolves false when the job had moved on meanwhile.
 */
export async function failLostJob(bot: LostJobServices, job: JobRecord): Promise<boolean> {
  const failed = await bot.jobs.update(job.jobId, async (current) => {
    if (current?.state !== 'approved' && current?.state !== 'running') return undefined;
    // The rows-lost entry is this move's audit entry (it says why the job failed), written inside the update.
    await bot.audit.append(rowsLostAuditEvent(job));
    return markFinished(current, 'failed');
  });
  if (failed?.state !== 'failed') return false;
  bot.log(`job ${job.jobId}: its rows were gone after a restart, marked failed`);
  const reference =
    (job.conversation ? await bot.conversations.getReference(job.conversation.id) : undefined) ??
    (await bot.conversations.getPersonalReference(job.requester.id));
  if (reference !== undefined) await bot.proactive.send(reference, textMessage(describeLostJob(job)));
  return true;
}
