/**
 * A job a killed process left approved or running (isInterruptedJob) is not "running" until a process carries
 * it on: `jobs` and `status` call it interrupted and say what happens to it — this bot resumes it now (start-up
 * recovery is under way), resumed it at start-up, could not resume it, or (a command-line job) the CLI must.
 */
import { isCommandLineJob, isInterruptedJob, type JobRecord } from '../operations/jobs/index.ts';
import type { BotServices } from './bot-deps.ts';

export type InterruptionServices = Pick<BotServices, 'runner' | 'startup'>;

/** "interrupted …, <what happens next>" for an interrupted job; `null` when it is not interrupted. */
export function describeInterruption(bot: InterruptionServices, job: JobRecord): string | null {
  if (!isInterruptedJob(job)) return null;
  if (isCommandLineJob(job)) {
    return `interrupted: the command line ran it, so run \`mailbox-recovery resume ${job.jobId}\` there to finish it`;
  }
  const held = bot.runner.holds(job.jobId);
  if (held === 'resumed') return 'interrupted by a restart, resumed at start-up';
  // Started in this process (or being started by an approval just now): it is simply running.
  if (held === 'started' || (bot.startup.finished && !bot.startup.notRecovered.has(job.jobId))) return null;
  if (!bot.startup.finished) return 'interrupted by a restart, resumes now';
  return "interrupted by a restart, not resumed at start-up (see the bot's log): the next start tries again";
}
