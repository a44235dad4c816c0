import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyGraphFailure } from '../../../src/tenant/graph/graph-errors.ts';

const context = { what: 'reading a user', permission: 'User.Read.All', nowMs: Date.now() };

describe('Graph failure classification', () => {
  it('treats HTTP 408 as transient, so the row is tried again rather than failed', () => {
    const error = classifyGraphFailure({ status: 408, headers: new Headers(), body: undefined }, context);

    assert.equal(error.errorClass, 'transient');
    assert.match(error.message, /timed out while reading a user \(HTTP 408\)/);
  });

  it('keeps a 400 or 404 without a JSON body permanent', () => {
    for (const status of [400, 404]) {
      const error = classifyGraphFailure({ status, headers: new Headers(), body: '<html>Bad Request</html>' }, context);
      assert.equal(error.errorClass, 'permanent', `HTTP ${status}`);
    }
  });
});
