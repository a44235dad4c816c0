/**
 * An in-memory OperationStore that applies each appended change the way the file store does, and (unless told
 * not to) keeps every state as it was after each change, so tests can check what was on "disk" at any moment.
 * It can be told to fail.
 */
import type { BulkOperationItem, BulkOperationResult } from '../../src/operations/model.ts';
import type { OperationChange, OperationStore, OutboxEvent } from '../../src/operations/ports.ts';

interface Held {
  operation: BulkOperationResult;
  rowIndex: Map<number, number>;
  outbox: Map<string, OutboxEvent>;
}

export interface MemoryOperationStoreOptions {
  /**
   * Event-loop turns a change takes to "reach the disk", like a real store: the change is copied when `append`
   * is called but only becomes visible (`saves`, `latest`, `load`) afterwards.
   */
  writeDelayTurns?: number;
  /** Keep a copy of the whole operation after every change in `saves` (costs rows × changes). @default true */
  keepHistory?: boolean;
  /** Outbox events a crashed process left, by job id. */
  unaudited?: Record<string, readonly OutboxEvent[]>;
}

export class MemoryOperationStore implements OperationStore {
  /** The whole operation after each change, oldest first (with `keepHistory`). */
  readonly saves: BulkOperationResult[] = [];
  /** Every change as appended, oldest first (with `keepHistory`). */
  readonly changes: OperationChange[] = [];
  readonly #held = new Map<string, Held>();
  readonly #writeDelayTurns: number;
  readonly #keepHistory: boolean;
  #failure: Error | undefined;

  constructor(initial: readonly BulkOperationResult[] = [], options: MemoryOperationStoreOptions = {}) {
    this.#writeDelayTurns = options.writeDelayTurns ?? 0;
    this.#keepHistory = options.keepHistory ?? true;
    for (const operation of initial) {
      const outbox = (options.unaudited?.[operation.jobId] ?? []).map((entry) => [entry.id, structuredClone(entry)]);
      this.#held.set(operation.jobId, {
        ...indexed(structuredClone(operation)),
        outbox: new Map(outbox as [string, OutboxEvent][]),
      });
    }
  }

  async append(change: OperationChange): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const copy = structuredClone(change);
    for (let turn = 0; turn < this.#writeDelayTurns; turn += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.#keepHistory) this.changes.push(structuredClone(copy));
    const held = this.#apply(copy);
    if (this.#keepHistory) this.saves.push(structuredClone(held.operation));
  }

  async load(jobId: string): Promise<BulkOperationResult | undefined> {
    const held = this.#held.get(jobId);
    return held === undefined ? undefined : structuredClone(held.operation);
  }

  async list(): Promise<BulkOperationResult[]> {
    return [...this.#held.values()].map((held) => structuredClone(held.operation));
  }

  async unaudited(jobId: string): Promise<OutboxEvent[]> {
    return structuredClone([...(this.#held.get(jobId)?.outbox.values() ?? [])]);
  }

  /** The last saved state, synchronously (for assertions inside callbacks). */
  latest(jobId: string): BulkOperationResult | undefined {
    return this.#held.get(jobId)?.operation;
  }

  /** The saved outbox, synchronously. */
  outbox(jobId: string): OutboxEvent[] {
    return [...(this.#held.get(jobId)?.outbox.values() ?? [])];
  }

  /** Makes every later append reject with `error`. */
  failSaves(error: Error = new Error('disk full')): void {
    this.#failure = error;
  }

  #apply(change: OperationChange): Held {
    const { jobId } = change.header;
    let held = this.#held.get(jobId);
    if (held === undefined) {
      held = { ...indexed({ ...change.header, items: [...change.rows] }), outbox: new Map() };
      this.#held.set(jobId, held);
    } else {
      const items = held.operation.items;
      held.operation = { ...change.header, items };
      for (const row of change.rows) {
        const at = held.rowIndex.get(row.rowNumber);
        if (at === undefined) {
          held.rowIndex.set(row.rowNumber, items.length);
          items.push(row);
        } else {
          items[at] = row;
        }
      }
    }
    for (const id of change.audited ?? []) held.outbox.delete(id);
    for (const entry of change.unaudited ?? []) held.outbox.set(entry.id, entry);
    return held;
  }
}

function indexed(operation: BulkOperationResult): { operation: BulkOperationResult; rowIndex: Map<number, number> } {
  const rowIndex = new Map(operation.items.map((item: BulkOperationItem, at) => [item.rowNumber, at]));
  return { operation, rowIndex };
}
