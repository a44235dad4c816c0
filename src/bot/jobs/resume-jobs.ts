/**
 * At start-up the bot takes the one resume path (operations/jobs/recover-jobs.ts) for the jobs requested in
 * Teams: saved operations left running are resumed, approved jobs (and running ones whose operation was never
 * saved) are started as 'system', jobs whose rows are gone are failed. No job is handed to the engine twice (the
 * runner claims each one). Jobs the command line ran are the CLI's to resume (`mailbox-recovery resume`).
 */
import { isCommandLineJob, recoverJobs, type RecoveredJobs } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { failLostJob, type LostJobServices } from './lost-job.ts';

export type ResumeJobsServices = Pick<BotServices, 'operations' | 'jobs' | 'runner' | 'log'> & LostJobServices;

export function resumeInterruptedJobs(bot: ResumeJobsServices): Promise<RecoveredJobs> {
  return recoverJobs({
    operations: bot.operations,
    jobs: bot.jobs,
    owns: (job) => !isCommandLineJob(job),
    resume: (job) => bot.runner.resume(job),
    // The engine audits `job.started` by 'system' (not the approver): the start came from a restart.
    start: (job) => bot.runner.start(job, 'system'),
    failLost: async (job) => {
      await failLostJob(bot, job);
    },
    log: bot.log,
  });
}
