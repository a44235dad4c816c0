import { createItem, type BulkOperationItem, type JsonObject } from '../../../src/operations/model.ts';
import type { ExecutionContext, ItemExecutor, ItemOutcome } from '../../../src/operations/ports.ts';

export const OPERATION_ID = '7f3c9a12-5b6d-4e8f-9a0b-1c2d3e4f5a6b';

/**
 * Plays the engine's part for one row: merges saved checkpoints into the item (as the store would) so that
 * a second `attempt` sees what the first one finished, and keeps every checkpoint for inspection.
 */
export class RowRun {
  item: BulkOperationItem;
  readonly checkpoints: JsonObject[] = [];
  readonly controller = new AbortController();

  constructor(
    sourceIdentity: string,
    targetIdentity: string | null,
    additionalData: Record<string, string> = {},
    rowNumber = 2,
  ) {
    this.item = createItem({ rowNumber, sourceIdentity, targetIdentity, additionalData });
  }

  get context(): ExecutionContext {
    return {
      jobId: OPERATION_ID,
      signal: this.controller.signal,
      saveCheckpoint: async (checkpoint) => {
        this.checkpoints.push(structuredClone(checkpoint));
        this.item = { ...this.item, checkpoint: { ...(this.item.checkpoint ?? {}), ...structuredClone(checkpoint) } };
      },
    };
  }

  async attempt(executor: ItemExecutor): Promise<ItemOutcome> {
    this.item = { ...this.item, attempts: this.item.attempts + 1 };
    return executor.execute(this.item, this.context);
  }
}
