/**
 * A scripted ItemExecutor that records what the engine asked of it: every call, how many ran at once, the
 * signal each saw, and the reconcile questions. Each call takes a few turns of the event loop so that calls
 * the engine runs in parallel really overlap.
 */
import type { BulkOperationItem } from '../../src/operations/model.ts';
import type { ExecutionContext, ItemExecutor, ItemOutcome, ReconcileVerdict } from '../../src/operations/ports.ts';

/** One attempt's behaviour: an outcome to return, an error to throw, or a function deciding. */
export type ScriptStep =
  | ItemOutcome
  | Error
  | ((item: Readonly<BulkOperationItem>, context: ExecutionContext) => ItemOutcome | Promise<ItemOutcome>);

export interface RecordingExecutorOptions {
  /** Per row, the behaviour of attempt 1, 2, …; the last step repeats. Rows not listed complete. */
  script?: Record<number, ScriptStep[]>;
  /** Per row, the verdict of `reconcile` (default `not_done`). `false`: the executor has no `reconcile`. */
  reconcile?: Record<number, ReconcileVerdict> | false;
  /** Called at the start of every call, before the call's outcome (e.g. to cancel the job at row N). */
  onExecute?: (item: Readonly<BulkOperationItem>, context: ExecutionContext) => void | Promise<void>;
  /** Event-loop turns each call takes. @default 3 */
  turns?: number;
}

export interface RecordedCall {
  row: number;
  /** The item's attempt count as the executor saw it. */
  attempts: number;
  abortedAtStart: boolean;
}

export class RecordingExecutor implements ItemExecutor {
  readonly calls: RecordedCall[] = [];
  readonly reconciled: number[] = [];
  /** Calls running now, and the most that ever ran at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Set by the constructor unless `reconcile: false`. */
  readonly reconcile?: (item: Readonly<BulkOperationItem>, signal: AbortSignal) => Promise<ReconcileVerdict>;
  readonly #options: RecordingExecutorOptions;
  readonly #attemptsByRow = new Map<number, number>();

  constructor(options: RecordingExecutorOptions = {}) {
    this.#options = options;
    const verdicts = options.reconcile;
    if (verdicts !== false) {
      this.reconcile = async (item) => {
        this.reconciled.push(item.rowNumber);
        return verdicts?.[item.rowNumber] ?? { state: 'not_done' };
      };
    }
  }

  /** Rows whose calls ended `completed`, in the order they did. */
  readonly completedRows: number[] = [];

  async execute(item: Readonly<BulkOperationItem>, context: ExecutionContext): Promise<ItemOutcome> {
    this.calls.push({ row: item.rowNumber, attempts: item.attempts, abortedAtStart: context.signal.aborted });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.#options.onExecute?.(item, context);
      for (let turn = 0; turn < (this.#options.turns ?? 3); turn += 1) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const outcome = await this.#play(item, context);
      if (outcome.status === 'completed') this.completedRows.push(item.rowNumber);
      return outcome;
    } finally {
      this.inFlight -= 1;
    }
  }

  /** How many times the executor was called for `row`. */
  callsFor(row: number): number {
    return this.calls.filter((call) => call.row === row).length;
  }

  async #play(item: Readonly<BulkOperationItem>, context: ExecutionContext): Promise<ItemOutcome> {
    const attempt = (this.#attemptsByRow.get(item.rowNumber) ?? 0) + 1;
    this.#attemptsByRow.set(item.rowNumber, attempt);
    const steps = this.#options.script?.[item.rowNumber];
    const step = steps?.[Math.min(attempt, steps.length) - 1];
    if (step === undefined) return { status: 'completed', result: { row: item.rowNumber } };
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(item, context);
    return step;
  }
}
