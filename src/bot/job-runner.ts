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
import { itemsToRun, markFinished, markRunning } from '../operations/jobs/job-lifecycle.ts';
import type { JobRecord } from '../operations/jobs/job-record.ts';
import type { BulkOperationResult } from '../operations/model.ts';
import type { BotContext } from './bot-context.ts';
import { createCoalescingUpdater, type CardUpdater } from './progress/index.ts';
import { cardMessage } from './reply.ts';
import { countRestoreRequests } from './restore-request-counts.ts';

export interface JobRunner {
  /** Starts an approved job; resolves once it runs (the rows go on in the background). */
  start(job: JobRecord, actor: string): Promise<void>;
  /** Asks a running job to stop after the rows in flight; false when it does not run here. */
  cancel(job: JobRecord, actor: string): boolean;
  resumeInterrupted(): Promise<void>;
  shutdown(): Promise<void>;
  /** Resolves when every background job and message has settled (tests, shutdown). */
  idle(): Promise<void>;
}

export function createJobRunner(bot: BotContext): JobRunner {
  const background = new Set<Promise<unknown>>();
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
  });

  const follow = (
    job: JobRecord,
    done: (onProgress: (s: ProgressSnapshot) => void) => Promise<BulkOperationResult>,
  ) => {
    const updater = createProgressUpdater(bot, job);
    track(
      done((snapshot) => updater.push(snapshot)).then(async (result) => {
        await updater.finish(snapshotOf(result));
        await finishJob(bot, job, result);
      }),
    );
  };

  return {
    async start(job, actor) {
      const items = itemsToRun(job);
      const running = await bot.deps.jobs.update(job.jobId, (current) =>
        current === undefined ? undefined : markRunning(current, job.jobId),
      );
      follow(running ?? job, (onProgress) => {
        try {
          const started = engine.start(job.type, items, {
            operationId: job.jobId,
            actor,
            onProgress,
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
    },
    cancel: (job, actor) => engine.cancel(job.jobId, actor),
    async resumeInterrupted() {
      const interrupted = (await bot.deps.operations.list()).filter((op) => op.state === 'running');
      for (const op of interrupted) {
        const job = await bot.deps.jobs.get(op.operationId);
        if (job === undefined) continue;
        follow(job, (onProgress) => engine.resume(op.operationId, { actor: 'system', onProgress }));
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

function createProgressUpdater(bot: BotContext, job: JobRecord): CardUpdater<ProgressSnapshot> {
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
        toProgressView(snapshot, { fileName: job.fileName, updatedAt: bot.clock.now().toISOString(), restoreRequests }),
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
