import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBulkOperationConfig } from '../../../src/operations/bulk-config.ts';
import { runConfigFor } from '../../../src/operations/jobs/run-config.ts';

describe('how each type of job is run', () => {
  it('runs restore rows side by side, as many as asked, in batches that hold them all', () => {
    const config = loadBulkOperationConfig(runConfigFor('restore', 12));
    assert.equal(config.parallelExecution, true);
    assert.equal(config.maxConcurrency, 12);
    assert.ok(config.batchSize >= 12);
  });

  it('leaves recovery, validate and export jobs to the BULK_* settings', () => {
    for (const type of ['recovery', 'validate', 'export'] as const) assert.deepEqual(runConfigFor(type, 12), {});
  });
});
