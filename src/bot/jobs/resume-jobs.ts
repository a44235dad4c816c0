/**
 * At start-up: resumes saved operations left running, starts approved jobs (and running ones whose operation
 * was never saved) as 'system', and fails jobs whose rows are gone. No job is handed to the engine twice (the
 * runner claims each one).
 */
import { JobLifecycleError, planJobRecovery, type JobRecord } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { describeError } from './background-work.ts';
import { failLostJob, type LostJobServices } from './lost-job.ts';

export type ResumeJobsServices = Pick<BotServices, 'operations' | 'jobs' | 'runner' | 'log'> & LostJobServices;

export async function resumeInterruptedJobs(bot: ResumeJobsServices): Promise<void> {
  const operations = await bot.operations.list();
  for (const op of operations.filter((candidate) => candidate.state === 'running')) {
    try {
      const job = await bot.jobs.get(op.jobId);
      // Whatever the job's state (a cancel clicked before the crash ends through the engine too).
      if (job !== undefined) await bot.runner.resume(job);
    } catch (error) {
      // One damaged job file must not keep the others (or the bot) from starting.
      bot.log(`job ${op.jobId}: not resumed after the restart (${describeError(error)})`);
    }
  }
  // Then the jobs whose operation is not running: approved ones never started, running ones never saved.
  const stored = new Set(operations.map((op) => op.jobId));
  for (const job of await bot.jobs.list({ limit: Number.POSITIVE_INFINITY })) {
    await recover(bot, job, stored.has(job.jobId));
  }
}

/** One job after a restart (see job-recovery.ts); a job that cannot be recovered must not stop the others. */
async function recover(bot: ResumeJobsServices, job: JobRecord, operationStored: boolean): Promise<void> {
  try {
    const plan = planJobRecovery(job, operationStored);
    if (plan === 'resume') await bot.runner.resume(job);
    if (plan === 'fail') await failLostJob(bot, job);
    if (plan === 'start') await startAfterRestart(bot, job);
  } catch (error) {
    bot.log(`job ${job.jobId}: not recovered after the restart (${describeError(error)})`);
  }
}

/** The engine audits `job.started` by 'system' (not the approver): the start came from a restart. */
async function startAfterRestart(bot: ResumeJobsServices, job: JobRecord): Promise<void> {
  try {
    await bot.runner.start(job, 'system');
  } catch (error) {
    // Rows altered since the approval can never run: the job ends like one whose rows are gone.
    if (!(error instanceof JobLifecycleError && error.code === 'CONTENT_MISMATCH')) throw error;
    await failLostJob(bot, job);
  }
}
