import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadBulkOperationConfig } from '../../src/operations/bulk-config.ts';

describe('bulk operation settings', () => {
  it('reads the retry pass of an operation saved under its older name retryFailed', () => {
    assert.equal(loadBulkOperationConfig({ retryFailed: false } as never).retryPass, false);
    assert.equal(loadBulkOperationConfig({}).retryPass, true);
  });

  it('names a setting it does not know', () => {
    assert.throws(() => loadBulkOperationConfig({ retryJob: true } as never), {
      code: 'INVALID_CONFIG',
      message: 'retryJob is not a bulk operation setting.',
    });
  });
});
