import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countRestoreRequests } from '../../../src/bot/jobs/restore-request-counts.ts';
import { createItem, type BulkOperationItem, type JsonObject } from '../../../src/operations/model.ts';

function row(rowNumber: number, status: BulkOperationItem['status'], checkpoint: JsonObject | null = null) {
  const item = createItem({
    rowNumber,
    sourceIdentity: `source-${rowNumber}`,
    targetIdentity: 't',
    additionalData: {},
  });
  return { ...item, status, checkpoint };
}

describe('restore request counts on the progress card', () => {
  it("averages Exchange's percent complete over the job's requests: done 100, queued 0, copying as last read", () => {
    const counts = countRestoreRequests([
      row(2, 'completed'),
      row(3, 'in_progress', { step: 'submitted', requestGuid: 'r3' }),
      row(4, 'in_progress', { step: 'tracking', status: 'Queued', percentComplete: 0 }),
      row(5, 'in_progress', { step: 'tracking', status: 'InProgress', percentComplete: 60 }),
      // Not (or no longer) an Exchange request of this job: left out of the average.
      row(6, 'pending'),
      row(7, 'failed'),
      row(8, 'in_progress', { name: 'IMR-7f3c9a12-8' }),
    ]);
    assert.deepEqual(counts, { submitted: 2, inProgress: 1, completed: 1, percentComplete: 40 });
  });

  it('has no percentage before any request was submitted', () => {
    assert.equal(countRestoreRequests([row(2, 'pending'), row(3, 'in_progress', { name: 'n' })]).percentComplete, null);
  });
});
