/**
 * An in-memory OperationStore that keeps every saved state (as it was at `save` time), so tests can check
 * what was on "disk" at any moment, and can be told to fail.
 */
import type { BulkOperationResult } from '../../src/operations/model.ts';
import type { OperationStore } from '../../src/operations/ports.ts';

export class MemoryOperationStore implements OperationStore {
  /** Every save, oldest first, each a copy of the state passed in. */
  readonly saves: BulkOperationResult[] = [];
  readonly #latest = new Map<string, BulkOperationResult>();
  readonly #writeDelayTurns: number;
  #failure: Error | undefined;

  /**
   * @param options.writeDelayTurns event-loop turns a save takes to "reach the disk", like a real store: the
   *   state is copied when `save` is called but only becomes visible (`saves`, `latest`, `load`) afterwards.
   */
  constructor(initial: readonly BulkOperationResult[] = [], options: { writeDelayTurns?: number } = {}) {
    this.#writeDelayTurns = options.writeDelayTurns ?? 0;
    for (const operation of initial) this.#latest.set(operation.jobId, structuredClone(operation));
  }

  async save(operation: BulkOperationResult): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const copy = structuredClone(operation);
    for (let turn = 0; turn < this.#writeDelayTurns; turn += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.saves.push(copy);
    this.#latest.set(copy.jobId, copy);
  }

  async load(jobId: string): Promise<BulkOperationResult | undefined> {
    const stored = this.#latest.get(jobId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  async list(): Promise<BulkOperationResult[]> {
    return [...this.#latest.values()].map((operation) => structuredClone(operation));
  }

  /** The last saved state, synchronously (for assertions inside callbacks). */
  latest(jobId: string): BulkOperationResult | undefined {
    return this.#latest.get(jobId);
  }

  /** Makes every later save reject with `error`. */
  failSaves(error: Error = new Error('disk full')): void {
    this.#failure = error;
  }
}
