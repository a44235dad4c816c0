import type { BulkOperationItem } from '../model.ts';

/**
 * Same result as model.ts's `createItem` (a test holds them equal), written out field by field: on Node 20
 * `{ ...init, status: … }` adds each later property through a slow runtime path, about 6 µs per item, which
 * alone made a 50,000-row import slower than parsing it.
 */
export function createPendingItem(
  init: Pick<BulkOperationItem, 'rowNumber' | 'sourceIdentity' | 'targetIdentity' | 'additionalData'>,
): BulkOperationItem {
  return {
    rowNumber: init.rowNumber,
    sourceIdentity: init.sourceIdentity,
    targetIdentity: init.targetIdentity,
    additionalData: init.additionalData,
    status: 'pending',
    result: null,
    error: null,
    attempts: 0,
    startedAt: null,
    completedAt: null,
    checkpoint: null,
  };
}
