/**
 * Runs approved jobs in the background: the bulk engine does the rows, one progress card per job is kept up
 * to date (coalesced per conversation), and at the end a summary goes to the requester and the notification
 * channel. Temporary Access Passes go to the requester's 1:1 chat only, and are never stored.
 */
import {
  renderAccessPassCards,
  renderCompletionCard,
  renderProgressCard,
  toCompletionView,
  toProgressView,
  type RestoreRequestCounts,
} from '../cards/index.ts';
import { BulkOperationManager } from '../operations/bulk/bulk-operation-manager.ts';
import type { ProgressSnapshot } from '../operations/bulk/progress-tracker.ts';
import { exportResultsCsv } from '../operations/csv/index.ts';
import type { TemporaryAccessPassDelivery } from '../operations/executors/index.ts';
import { itemsToRun, JobLifecycleError, markFinished, markRunning } from '../operations/jobs/job-lifecycle.ts';
import type { JobRecord } from '../operations/jobs/job-record.ts';
import { runConfigFor } from '../operations/jobs/run-config.ts';
import { planJobRecovery } from '../operations/jobs/job-recovery.ts';
import type { BulkOperationResult } from '../operations/model.ts';
import type { BotContext } from './bot-context.ts';
import { failLostJob } from './lost-job.ts';
import { createCoalescingUpdater, type CardUpdater } from './progress/index.ts';
import { cardMessage } from './reply.ts';
import { countRestoreRequests } from './restore-request-counts.ts';

export interface JobRunner {
  /** Starts an approved job; resolves once it runs (the rows go on in the background). */
  start(job: JobRecord, actor: string): Promise<void>;
  /** Asks a running job to stop after the rows in flight; false when it does not run here. */
  cancel(job: JobRecord, actor: { id: string; name?: string }): boolean;
  /** A cancel was asked for and the rows in flight are still finishing: cards say "Cancelling". */
  isCancelling(jobId: string): boolean;
  /**
   * At start-up: resumes saved operations left running, starts approved jobs (and running ones whose operation
   * was never saved) as 'system', and fails jobs whose rows are gone. No job is handed to the engine twice.
   */
  resumeInterrupted(): Promise<void>;
  /** Work that must outlive the turn that asked for it (Teams retries an invoke not answered in ~15 s). */
  inBackground(work: Promise<unknown>): void;
  shutdown(): Promise<void>;
  /** Resolves when every background job and message has settled (tests, shutdown). */
  idle(): Promise<void>;
}

export function createJobRunner(bot: BotContext): JobRunner {
  const background = new Set<Promise<unknown>>();
  const cancelling = new Set<string>();
  const track = (work: Promise<unknown>): void => {
    const settled = work.catch((error: unknown) => bot.log(`background work failed: ${describe(error)}`));
    background.add(settled);
    void settled.finally(() => background.delete(settled));
  };
  const delivery: TemporaryAccessPassDelivery = {
    deliver(operationId, _rowNumber, upn, pass) {
      track(deliverPass(bot, operationId, upn, pass));
    },
  };
  const engine = new BulkOperationManager({
    executors: bot.deps.createExecutors(delivery),
    store: bot.deps.operations,
    audit: bot.deps.audit,
    clock: bot.clock,
    ...(bot.settings.bulk === undefined ? {} : { config: bot.settings.bulk }),
  });

  const follow = (
    job: JobRecord,
    done: (onProgress: (s: ProgressSnapshot) => void) => Promise<BulkOperationResult>,
  ) => {
    const updater = createProgressUpdater(bot, job, () => cancelling.has(job.jobId));
    track(
      done((snapshot) => updater.push(snapshot))
        .then(async (result) => {
          await updater.finish(snapshotOf(result));
          await finishJob(bot, job, result);
        })
        .finally(() => cancelling.delete(job.jobId)),
    );
  };

  /**
   * Jobs handed to the engine by this process, claimed synchronously before any await: an approval click and
   * a restart's recovery may both reach the same job, and it must be started (or resumed) once.
   */
  const claimed = new Set<string>();
  const claim = (jobId: string): boolean => {
    if (claimed.has(jobId)) return false;
    claimed.add(jobId);
    return true;
  };

  const start = async (job: JobRecord, actor: string): Promise<void> => {
    if (claimed.has(job.jobId)) return;
    const items = itemsToRun(job);
    claim(job.jobId);
    // Stored as running before the engine saves its operation; the job keeps its rows until it ends (see
    // job-lifecycle.ts), so a crash in between leaves a running job without operation that a restart starts.
    const running = await bot.deps.jobs.update(job.jobId, (current) =>
      current === undefined ? undefined : markRunning(current, job.jobId),
    );
    follow(running ?? job, (onProgress) => {
      try {
        const started = engine.start(job.type, items, {
          operationId: job.jobId,
          actor,
          onProgress,
          config: runConfigFor(job.type, bot.settings.restoreConcurrentRows),
          ...(job.retryOf === null ? {} : { retryOf: job.retryOf }),
        });
        return started.done;
      } catch (error) {
        // Refused before any row ran (shutting down, a duplicate id): the job must not stay "running" forever.
        return bot.deps.jobs
          .update(job.jobId, (current) => current && markFinished(current, 'failed'))
          .then(() => Promise.reject(error));
      }
    });
  };

  /** The engine carries on the stored operation, or hands back how it ended (then the job is finished). */
  const resume = async (job: JobRecord): Promise<void> => {
    if (!claim(job.jobId)) return;
    const running =
      job.state === 'approved'
        ? await bot.deps.jobs.update(job.jobId, (current) =>
            current?.state === 'approved' ? markRunning(current, job.jobId) : undefined,
          )
        : job;
    follow(running ?? job, (onProgress) => engine.resume(job.jobId, { actor: 'system', onProgress }));
  };

  /** One job after a restart (see job-recovery.ts); a job that cannot be recovered must not stop the others. */
  const recover = async (job: JobRecord, operationStored: boolean): Promise<void> => {
    try {
      const plan = planJobRecovery(job, operationStored);
      if (plan === 'resume') await resume(job);
      if (plan === 'fail') await failLostJob(bot, job);
      if (plan === 'start') await startAfterRestart(job);
    } catch (error) {
      bot.log(`job ${job.jobId}: not recovered after the restart (${describe(error)})`);
    }
  };

  /** The engine audits `job.started` by 'system' (not the approver): the start came from a restart. */
  const startAfterRestart = async (job: JobRecord): Promise<void> => {
    try {
      await start(job, 'system');
    } catch (error) {
      // Rows altered since the approval can never run: the job ends like one whose rows are gone.
      if (!(error instanceof JobLifecycleError && error.code === 'CONTENT_MISMATCH')) throw error;
      await failLostJob(bot, job);
    }
  };

  return {
    start,
    cancel(job, actor) {
      const accepted = engine.cancel(job.jobId, actor.id, actor.name ?? actor.id);
      if (accepted) cancelling.add(job.jobId);
      return accepted;
    },
    isCancelling: (jobId) => cancelling.has(jobId),
    inBackground: track,
    async resumeInterrupted() {
      const operations = await bot.deps.operations.list();
      for (const op of operations.filter((candidate) => candidate.state === 'running')) {
        try {
          const job = await bot.deps.jobs.get(op.operationId);
          // Whatever the job's state (a cancel clicked before the crash ends through the engine too).
          if (job !== undefined) await resume(job);
        } catch (error) {
          // One damaged job file must not keep the others (or the bot) from starting.
          bot.log(`job ${op.operationId}: not resumed after the restart (${describe(error)})`);
        }
      }
      // Then the jobs whose operation is not running: approved ones never started, running ones never saved.
      const stored = new Set(operations.map((op) => op.operationId));
      for (const job of await bot.deps.jobs.list({ limit: Number.POSITIVE_INFINITY })) {
        await recover(job, stored.has(job.jobId));
      }
    },
    async shutdown() {
      await engine.shutdown();
      await this.idle();
    },
    async idle() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}

function createProgressUpdater(
  bot: BotContext,
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
      const reference = job.conversation ? await bot.deps.conversations.getReference(job.conversation.id) : undefined;
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
      // The first update posts the card; later ones replace it in place.
      if (activityId !== undefined) return bot.proactive.update(reference, activityId, cardMessage(card));
      activityId = await bot.proactive.send(reference, cardMessage(card));
      if (activityId !== undefined) await bot.rememberCard(job.jobId, 'progress', activityId);
    },
  });
}

/** Read at send time, not per push: the updater coalesces pushes, so the store is read once per card update. */
async function restoreCountsOf(bot: BotContext, jobId: string): Promise<RestoreRequestCounts | null> {
  const operation = await bot.deps.operations.load(jobId);
  return operation === undefined ? null : countRestoreRequests(operation.items);
}

function snapshotOf(result: BulkOperationResult): ProgressSnapshot {
  return {
    operationId: result.operationId,
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

async function finishJob(bot: BotContext, job: JobRecord, result: BulkOperationResult): Promise<void> {
  if (result.state === 'running') return; // shut down mid-run: resumed at the next start
  await bot.deps.jobs.update(job.jobId, (current) =>
    current === undefined ? undefined : markFinished(current, result.state as Exclude<typeof result.state, 'running'>),
  );
  await bot.deps.vault.put(job.jobId, 'results', exportResultsCsv(result));
  const resultsUrl = bot.signLink(job.jobId, 'results', `results-${job.jobId}.csv`);
  const summary = (offerFile: boolean) =>
    cardMessage(renderCompletionCard(toCompletionView(result, { fileName: job.fileName, resultsUrl, offerFile })));
  const card = summary(false);
  const requesterChat = job.conversation ? await bot.deps.conversations.getReference(job.conversation.id) : undefined;
  const channel = await bot.notificationChannel();
  // One failed target must not keep the summary from the other (a gone chat is forgotten by proactive).
  if (requesterChat)
    await bot.proactive
      .send(requesterChat, summary(job.conversation?.kind === 'personal'))
      .catch((error: unknown) => logSummaryFailure(bot, job, error));
  if (channel && channel.conversation.id !== job.conversation?.id) {
    await bot.proactive.postNewThread(channel, card).catch((error: unknown) => logSummaryFailure(bot, job, error));
  }
}

function logSummaryFailure(bot: BotContext, job: JobRecord, error: unknown): void {
  bot.log(`job ${job.jobId}: a completion summary was not delivered (${describe(error)})`);
}

async function deliverPass(
  bot: BotContext,
  operationId: string,
  upn: string,
  pass: { temporaryAccessPass: string; startDateTime: string; lifetimeInMinutes: number },
): Promise<void> {
  const job = await bot.deps.jobs.get(operationId);
  const reference =
    job === undefined
      ? undefined
      : ((await bot.deps.conversations.getPersonalReference(job.requester.id)) ??
        (job.requester.aadObjectId
          ? await bot.deps.conversations.getPersonalReference(job.requester.aadObjectId)
          : undefined));
  if (reference === undefined) {
    // Never to a channel: without the requester's 1:1 chat the pass is not shown (it can be issued again).
    bot.log(`job ${operationId}: no 1:1 chat with the requester, a Temporary Access Pass was not delivered`);
    return;
  }
  const cards = renderAccessPassCards({
    jobId: operationId,
    passes: [
      {
        displayName: upn,
        userPrincipalName: upn,
        temporaryAccessPass: pass.temporaryAccessPass,
        startsAt: pass.startDateTime,
        lifetimeInMinutes: pass.lifetimeInMinutes,
        usableOnce: true,
      },
    ],
  });
  for (const card of cards) await bot.proactive.send(reference, cardMessage(card));
}

function describe(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return `${error instanceof Error ? error.name : typeof error} ${code}`.trim();
}
