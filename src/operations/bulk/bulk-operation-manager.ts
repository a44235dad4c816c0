/**
 * The bulk engine (seed Task 3): runs a job's items through the executor of its type, in batches,
 * sequentially or up to `maxConcurrency` at once, with retries, cancel, progress, an audit trail, and
 * durable state that `resume` carries on from after a crash.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_BULK_OPERATION_CONFIG, loadBulkOperationConfig, type BulkOperationConfig } from '../bulk-config.ts';
import type { BulkOperationItem, BulkOperationResult, BulkOperationType } from '../model.ts';
import type { AuditLog, Clock, ItemExecutor, OperationStore } from '../ports.ts';
import { systemClock } from '../system-clock.ts';
import { jobEvent } from './audit-events.ts';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { BulkEngineError } from './bulk-engine-error.ts';
import { AUDIT_UNAVAILABLE_REASON, AUDIT_UNAVAILABLE_SKIP, cancelledReason, cancelledSkip } from './item-errors.ts';
import { OperationRecorder } from './operation-recorder.ts';
import { ProgressTracker, type ProgressSnapshot } from './progress-tracker.ts';
import { assertRunnableItems, itemsForRetry } from './prepare-items.ts';
import { RunControl } from './run-control.ts';
import { stopJob, type RunContext } from './run-context.ts';
import { runOperation, type Opening } from './run-operation.ts';
import {
  createStoredOperation,
  readEngineState,
  restoreStoredOperation,
  type StoredOperation,
} from './stored-operation.ts';

export interface BulkOperationManagerOptions {
  /** The executor of each operation type this manager may run. */
  executors: Partial<Record<BulkOperationType, ItemExecutor>>;
  store: OperationStore;
  /** Where job and item events go. Without one, nothing is audited (tests, dry runs). */
  audit?: AuditLog;
  /** @default systemClock */
  clock?: Clock;
  /** Jitter source, uniform in [0, 1). @default Math.random */
  random?: () => number;
  /** Settings for every job, each overridable per job. @default DEFAULT_BULK_OPERATION_CONFIG */
  config?: Partial<BulkOperationConfig>;
  /** @default crypto.randomUUID */
  newId?: () => string;
}

export interface StartOptions {
  /** @default a new id from `newId` */
  jobId?: string;
  /** Who started (or resumed) the job, for the audit trail. @default 'system' */
  actor?: string;
  /** Called after every saved change. A throwing callback is ignored: it cannot break the job. */
  onProgress?: (progress: ProgressSnapshot) => void;
  config?: Partial<BulkOperationConfig>;
  /** The operation whose failures this one retries. */
  retryOf?: string;
}

export interface StartedOperation {
  jobId: string;
  /** Resolves with the final result (state `running` if `shutdown` interrupted it). */
  done: Promise<BulkOperationResult>;
}

interface ActiveRun {
  ctx: RunContext;
  done: Promise<BulkOperationResult>;
}

export class BulkOperationManager {
  readonly #options: BulkOperationManagerOptions;
  readonly #config: BulkOperationConfig;
  readonly #clock: Clock;
  readonly #active = new Map<string, ActiveRun>();
  #shuttingDown = false;

  /** @throws ConfigError when `options.config` holds a bad setting. */
  constructor(options: BulkOperationManagerOptions) {
    this.#options = options;
    this.#config = loadBulkOperationConfig({ ...DEFAULT_BULK_OPERATION_CONFIG, ...options.config });
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Starts a job over copies of `items` (only `pending` ones are run; others are kept as they are). The first
   * save happens before any item runs.
   * @throws BulkEngineError `NO_EXECUTOR`, `INVALID_ITEMS`, `ALREADY_RUNNING`, `SHUTTING_DOWN`; ConfigError.
   */
  start(type: BulkOperationType, items: readonly BulkOperationItem[], options: StartOptions = {}): StartedOperation {
    this.#assertAccepting();
    const executor = this.#executorFor(type);
    const config = loadBulkOperationConfig({ ...this.#config, ...options.config });
    // A retry may carry rows whose outcome is unsure as `in_progress`, so they are reconciled first.
    assertRunnableItems(items, { allowInProgress: options.retryOf !== undefined });
    const jobId = options.jobId ?? (this.#options.newId ?? randomUUID)();
    if (this.#active.has(jobId)) {
      throw new BulkEngineError('ALREADY_RUNNING', `Job ${jobId} is already running.`);
    }
    const op = createStoredOperation({
      jobId,
      operationType: type,
      items: items.map((item) => structuredClone(item)),
      config,
      actor: options.actor ?? 'system',
      retryOf: options.retryOf ?? null,
      now: this.#clock.now().toISOString(),
    });
    return { jobId, done: this.#launch(op, executor, options.onProgress, { kind: 'start' }) };
  }

  /** `start`, then wait for the result (the seed's `execute_bulk_<type>`, with the type as an argument). */
  execute(
    type: BulkOperationType,
    items: readonly BulkOperationItem[],
    options: StartOptions = {},
  ): Promise<BulkOperationResult> {
    try {
      return this.start(type, items, options).done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Cancels a job running in this process: executors see the abort signal, nothing new starts, unstarted items
   * become `skipped`. Returns false when the job is not running here or is already stopping for another reason.
   * The audit trail records `actor` (a stable id); the rows' sentences name `actorName` (what people read).
   */
  cancel(jobId: string, actor = 'system', actorName = actor): boolean {
    const run = this.#active.get(jobId);
    if (run === undefined || run.ctx.op.state !== 'running') return false;
    const { ctx } = run;
    if (
      !stopJob(ctx, {
        kind: 'cancelled',
        reason: cancelledReason(actorName),
        skipError: cancelledSkip(actorName),
        actor,
      })
    ) {
      return false;
    }
    void ctx.recorder.commit({ audit: [jobEvent(ctx, AUDIT_ACTIONS.jobCancelled, {}, actor)] });
    return true;
  }

  /** A copy of the live state if the job runs here, else the stored state. */
  async getOperationStatus(jobId: string): Promise<BulkOperationResult | undefined> {
    const run = this.#active.get(jobId);
    if (run !== undefined) return structuredClone(run.ctx.op);
    const stored = await this.#options.store.load(jobId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  /**
   * Runs a new operation over the `failed` items of a finished one (reset to pending; checkpoints kept so
   * executors skip steps already done), linked by `retryOf`, with its settings and actor unless overridden.
   * @throws BulkEngineError `OPERATION_STILL_RUNNING`, `NOTHING_TO_RETRY`, and those of `start`.
   */
  async retryFailed(result: BulkOperationResult, options: StartOptions = {}): Promise<BulkOperationResult> {
    if (result.state === 'running' || this.#active.has(result.jobId)) {
      throw new BulkEngineError('OPERATION_STILL_RUNNING', `Job ${result.jobId} is still running.`);
    }
    const items = itemsForRetry(result, {
      reconcileUnsure: this.#executorFor(result.operationType).reconcile !== undefined,
    });
    const original = readEngineState(result);
    return this.execute(result.operationType, items, {
      ...options,
      actor: options.actor ?? original?.actor,
      config: { ...original?.config, ...options.config },
      retryOf: result.jobId,
    });
  }

  /**
   * Carries on a stored operation after a restart. Items found `in_progress` are reconciled by the executor
   * (never re-run blindly), then the rest runs. A finished operation is returned as it is.
   * @throws BulkEngineError `OPERATION_NOT_FOUND`, `NO_EXECUTOR`, `SHUTTING_DOWN`.
   */
  async resume(jobId: string, options: StartOptions = {}): Promise<BulkOperationResult> {
    const running = this.#active.get(jobId);
    if (running !== undefined) return running.done;
    this.#assertAccepting();
    // One read of the store for both: the outbox is kept beside the operation, not in it.
    const [loaded, unaudited] = await Promise.all([
      this.#options.store.load(jobId),
      this.#options.store.unaudited(jobId),
    ]);
    if (loaded === undefined) {
      throw new BulkEngineError('OPERATION_NOT_FOUND', `There is no saved job ${jobId}.`);
    }
    if (loaded.state !== 'running') return structuredClone(loaded);
    const executor = this.#executorFor(loaded.operationType);
    const startedMeanwhile = this.#active.get(jobId);
    if (startedMeanwhile !== undefined) return startedMeanwhile.done;
    const defaults = { config: this.#config, actor: options.actor ?? 'system' };
    const op = restoreStoredOperation(structuredClone(loaded), defaults, options.config);
    const opening = { kind: 'resume', actor: options.actor ?? 'system', unaudited } as const;
    return this.#launch(op, executor, options.onProgress, opening);
  }

  /** Resumes every stored operation left `running` (call it at start-up); resolves when all have finished. */
  async resumeInterrupted(options: Omit<StartOptions, 'jobId' | 'retryOf'> = {}): Promise<BulkOperationResult[]> {
    const interrupted = (await this.#options.store.list()).filter(
      (op) => op.state === 'running' && !this.#active.has(op.jobId),
    );
    for (const op of interrupted) this.#executorFor(op.operationType);
    return Promise.all(interrupted.map((op) => this.resume(op.jobId, options)));
  }

  /**
   * Graceful stop: no new item starts, pauses end, executors see the abort signal and running items settle.
   * Operations stay `running` in the store so `resume` continues them. Later `start`s are refused.
   */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    const runs = [...this.#active.values()];
    for (const { ctx } of runs) {
      stopJob(ctx, { kind: 'shutdown', reason: SHUTDOWN, skipError: SHUTDOWN, actor: 'system' });
    }
    await Promise.allSettled(runs.map((run) => run.done));
  }

  #launch(
    op: StoredOperation,
    executor: ItemExecutor,
    onProgress: StartOptions['onProgress'],
    opening: Opening,
  ): Promise<BulkOperationResult> {
    const clock = this.#clock;
    const control = new RunControl();
    const tracker = new ProgressTracker(clock, op);
    const recorder = new OperationRecorder(op, {
      store: this.#options.store,
      isNew: opening.kind === 'start',
      audit: this.#options.audit,
      clock,
      tracker,
      onProgress,
      onAuditFailure: () => {
        stopJob(
          { op, control },
          {
            kind: 'audit_failed',
            reason: { ...AUDIT_UNAVAILABLE_REASON },
            skipError: { ...AUDIT_UNAVAILABLE_SKIP },
            actor: 'system',
          },
        );
      },
      onStoreFailure: () =>
        control.requestStop({ kind: 'store_failed', reason: SHUTDOWN, skipError: SHUTDOWN, actor: 'system' }),
    });
    const ctx: RunContext = { op, executor, clock, random: this.#options.random ?? Math.random, control, recorder };
    const done = runOperation(ctx, opening)
      .then((finished) => structuredClone(finished) as BulkOperationResult)
      .finally(() => this.#active.delete(op.jobId));
    this.#active.set(op.jobId, { ctx, done });
    return done;
  }

  #executorFor(type: BulkOperationType): ItemExecutor {
    const executor = this.#options.executors[type];
    if (executor === undefined) {
      throw new BulkEngineError('NO_EXECUTOR', `No executor is configured for ${type} operations.`);
    }
    return executor;
  }

  #assertAccepting(): void {
    if (this.#shuttingDown) {
      throw new BulkEngineError('SHUTTING_DOWN', 'The bulk engine is shutting down and starts no new work.');
    }
  }
}

/** Never written on an item or saved: a shutdown or a store failure leaves the operation running. */
const SHUTDOWN = Object.freeze({ code: 'SHUTTING_DOWN', message: 'The process is shutting down.' });
