/**
 * Runs approved jobs on the bulk engine (built by the composition root): each job is handed to the engine once,
 * its progress card follows it, and when it ends the summary goes out (job-summary.ts).
 */
import type { ProgressSnapshot } from '../../operations/bulk/progress-tracker.ts';
import { applyJobEvent, itemsToRun, runConfigFor, type JobEvent, type JobRecord } from '../../operations/jobs/index.ts';
import type { BulkOperationResult } from '../../operations/model.ts';
import type { BotDeps, BotServices, JobRunner } from '../bot-deps.ts';
import { finishJob, type JobSummaryServices } from './job-summary.ts';
import { createProgressUpdater, snapshotOf, type ProgressUpdateServices } from './progress-updates.ts';

export type JobRunnerServices = Pick<BotDeps, 'engine'> &
  Pick<BotServices, 'jobs' | 'audit' | 'clock' | 'background' | 'settings'> &
  ProgressUpdateServices &
  JobSummaryServices;

export function createJobRunner(bot: JobRunnerServices): JobRunner {
  const { engine } = bot;
  const cancelling = new Set<string>();
  /**
   * Jobs handed to the engine by this process, claimed synchronously before any await: an approval click and
   * a restart's recovery may both reach the same job, and it must be started (or resumed) once.
   */
  const claimed = new Set<string>();
  /** The claimed jobs a restart had interrupted: `jobs` and `status` say so rather than plain "running". */
  const resumed = new Set<string>();
  const claim = (jobId: string): boolean => {
    if (claimed.has(jobId)) return false;
    claimed.add(jobId);
    return true;
  };

  /** The job as stored after the event; undefined when the event was refused (the job moved on). */
  const move = async (job: JobRecord, event: JobEvent): Promise<JobRecord | undefined> => {
    const outcome = await applyJobEvent({ store: bot.jobs, audit: bot.audit }, job.jobId, event);
    return outcome.kind === 'applied' ? outcome.job : undefined;
  };

  const follow = (
    job: JobRecord,
    done: (onProgress: (s: ProgressSnapshot) => void) => Promise<BulkOperationResult>,
  ): void => {
    const updater = createProgressUpdater(bot, job, () => cancelling.has(job.jobId));
    bot.background.track(
      done((snapshot) => updater.push(snapshot))
        .then(async (result) => {
          await updater.finish(snapshotOf(result));
          await finishJob(bot, job, result);
        })
        .finally(() => cancelling.delete(job.jobId)),
    );
  };

  return {
    async start(job, actor) {
      if (claimed.has(job.jobId)) return;
      const items = itemsToRun(job);
      claim(job.jobId);
      // Stored as running before the engine saves its operation; the job keeps its rows until it ends (see
      // job-lifecycle.ts), so a crash in between leaves a running job without operation that a restart starts.
      const running = await move(job, { kind: 'start', actor, now: bot.clock.now() });
      follow(running ?? job, (onProgress) => {
        try {
          const started = engine.start(job.type, items, {
            jobId: job.jobId,
            actor,
            onProgress,
            config: runConfigFor(job.type, bot.settings.restoreConcurrentRows),
            ...(job.retryOf === null ? {} : { retryOf: job.retryOf }),
          });
          return started.done;
        } catch (error) {
          // Refused before any row ran (shutting down, a duplicate id): the job must not stay "running" forever.
          return move(job, { kind: 'finish', state: 'failed', actor: 'system', now: bot.clock.now() }).then(() =>
            Promise.reject(error),
          );
        }
      });
    },

    /** The engine carries on the stored operation, or hands back how it ended (then the job is finished). */
    async resume(job) {
      if (!claim(job.jobId)) return;
      resumed.add(job.jobId);
      const running =
        job.state === 'approved' ? await move(job, { kind: 'start', actor: 'system', now: bot.clock.now() }) : job;
      follow(running ?? job, (onProgress) => engine.resume(job.jobId, { actor: 'system', onProgress }));
    },

    cancel(job, actor) {
      const accepted = engine.cancel(job.jobId, actor.id, actor.name ?? actor.id);
      if (accepted) cancelling.add(job.jobId);
      return accepted;
    },

    isCancelling: (jobId) => cancelling.has(jobId),

    holds: (jobId) => (resumed.has(jobId) ? 'resumed' : claimed.has(jobId) ? 'started' : undefined),
  };
}
