import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';

describe('createStaticTokenProvider', () => {
  it('hands out the same token for both resources', async () => {
    const tokens = createStaticTokenProvider('sandbox-token');

    assert.equal(await tokens.getToken('graph'), 'sandbox-token');
    assert.equal(await tokens.getToken('exchange'), 'sandbox-token');
  });
});
