/**
 * The crash test's executor. Its side effect is one line `<jobId>,<row>` appended (and fsync'd) to a
 * ledger file that plays the tenant; `reconcile` looks the row up there. It can be told to hang at a chosen
 * point, announcing it in a marker file, so the test kills the process exactly there.
 */
import { appendFile, open, readFile, writeFile } from 'node:fs/promises';
import type { BulkOperationItem } from '../../../src/operations/model.ts';
import type { ExecutionContext, ItemExecutor, ItemOutcome, ReconcileVerdict } from '../../../src/operations/ports.ts';

export type HoldPoint = 'after-write' | 'before-write' | 'none';

export interface LedgerExecutorOptions {
  ledgerPath: string;
  /** Where `reconcile` verdicts are logged, one `<row>,<verdict>` a line. */
  reconcileLogPath: string;
  /** Written when the executor starts hanging at `hold`. */
  holdMarkerPath: string;
  jobId: string;
  hold: HoldPoint;
  /** Work after the write, before answering, in milliseconds: the window where a crash loses the answer. */
  workMs: number;
}

export class LedgerExecutor implements ItemExecutor {
  readonly #options: LedgerExecutorOptions;

  constructor(options: LedgerExecutorOptions) {
    this.#options = options;
  }

  async execute(item: Readonly<BulkOperationItem>, context: ExecutionContext): Promise<ItemOutcome> {
    if (this.#options.hold === 'before-write') await this.#hang();
    await appendDurably(this.#options.ledgerPath, `${context.jobId},${item.rowNumber}\n`);
    if (this.#options.hold === 'after-write') await this.#hang();
    await pause(this.#options.workMs);
    return { status: 'completed', result: { ledgerRow: item.rowNumber } };
  }

  async reconcile(item: Readonly<BulkOperationItem>): Promise<ReconcileVerdict> {
    const lines = await readLines(this.#options.ledgerPath);
    const done = lines.includes(`${this.#options.jobId},${item.rowNumber}`);
    await appendFile(this.#options.reconcileLogPath, `${item.rowNumber},${done ? 'done' : 'not_done'}\n`);
    return done ? { state: 'done', result: { ledgerRow: item.rowNumber } } : { state: 'not_done' };
  }

  async #hang(): Promise<never> {
    await writeFile(this.#options.holdMarkerPath, this.#options.hold);
    // A long timer keeps the process alive until the test kills it.
    await pause(10 * 60_000);
    throw new Error('the test should have killed this process');
  }
}

export async function readLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
}

async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
