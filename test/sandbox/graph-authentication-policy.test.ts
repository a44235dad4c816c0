import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FixtureTemporaryAccessPassPolicy } from '../../src/sandbox/fixture-types.ts';
import { startSandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { callGraph, createSmallFixture, type RawResponse } from './sandbox-client.ts';

const POLICY_PATH = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';

async function withTenant(
  policy: Partial<FixtureTemporaryAccessPassPolicy> | undefined,
  run: (call: (method: string, path: string, body?: unknown) => Promise<RawResponse>, userId: string) => Promise<void>,
): Promise<void> {
  const fixture = createSmallFixture();
  if (policy) fixture.temporaryAccessPassPolicy = policy;
  const tenant = await startSandboxTenant({ fixture });
  try {
    await run((method, path, body) => callGraph(tenant, method, path, body), fixture.users[0]?.id ?? '');
  } finally {
    await tenant.close();
  }
}

describe('sandbox Temporary Access Pass policy', () => {
  it("serves Learn's example policy when the fixture gives none", async () => {
    await withTenant(undefined, async (call) => {
      const response = await call('GET', POLICY_PATH);
      assert.equal(response.status, 200);
      assert.equal(
        response.body['@odata.type'],
        '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
      );
      assert.equal(response.body.state, 'enabled');
      assert.deepEqual(
        [response.body.minimumLifetimeInMinutes, response.body.maximumLifetimeInMinutes, response.body.isUsableOnce],
        [60, 480, false],
      );
      assert.deepEqual(response.body.includeTargets, [
        { targetType: 'group', id: 'all_users', isRegistrationRequired: false },
      ]);
    });
  });

  it('refuses a pass longer than the policy allows, with the range in the message', async () => {
    await withTenant({ maximumLifetimeInMinutes: 120 }, async (call, userId) => {
      const response = await call('POST', `/users/${userId}/authentication/temporaryAccessPassMethods`, {
        lifetimeInMinutes: 240,
        isUsableOnce: true,
      });
      assert.equal(response.status, 400);
      assert.equal(
        response.body.error.message,
        'Invalid LifetimeInMinutes specified. The valid range between 60 and 120.',
      );
    });
  });

  it('refuses any pass while the method is disabled', async () => {
    await withTenant({ state: 'disabled' }, async (call, userId) => {
      const response = await call('POST', `/users/${userId}/authentication/temporaryAccessPassMethods`, {
        lifetimeInMinutes: 60,
        isUsableOnce: true,
      });
      assert.equal(response.status, 400);
      assert.match(response.body.error.message, /disabled by policy/);
    });
  });
});
