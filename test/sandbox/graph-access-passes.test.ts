import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { callGraph, createSmallFixture, startTestTenant } from './sandbox-client.ts';

describe('sandbox Temporary Access Pass methods', () => {
  const fixture = createSmallFixture();
  const user = fixture.users[1];
  assert.ok(user);
  const methods = `/users/${user.id}/authentication/temporaryAccessPassMethods`;
  let tenant: SandboxTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());

  it('lists a created pass without its secret, and a second create leaves the user one pass', async () => {
    assert.deepEqual((await callGraph(tenant, 'GET', methods)).body.value, [], 'no pass before the first create');

    const first = await callGraph(tenant, 'POST', methods, { lifetimeInMinutes: 60, isUsableOnce: true });
    assert.equal(first.status, 201);
    const listed = await callGraph(tenant, 'GET', methods);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.value.length, 1);
    const [shown] = listed.body.value;
    assert.equal(shown.id, first.body.id);
    assert.equal(shown.temporaryAccessPass, null, 'the secret is shown only when the pass is created');
    assert.equal(shown.isUsable, true);
    assert.equal(shown.methodUsabilityReason, 'EnabledByPolicy');
    assert.equal(shown.lifetimeInMinutes, 60);
    assert.ok(shown.createdDateTime);

    const second = await callGraph(tenant, 'POST', methods, { lifetimeInMinutes: 60, isUsableOnce: true });
    assert.equal(second.status, 201);
    const after = (await callGraph(tenant, 'GET', methods)).body.value;
    assert.deepEqual(
      after.map((method: { id: string }) => method.id),
      [second.body.id],
      'the new pass took the place of the first',
    );
  });

  it('deletes a pass with 204 and answers 404 for a pass the user does not hold', async () => {
    const created = await callGraph(tenant, 'POST', methods, { lifetimeInMinutes: 60, isUsableOnce: true });
    const deleted = await callGraph(tenant, 'DELETE', `${methods}/${created.body.id}`);
    assert.equal(deleted.status, 204);
    assert.deepEqual((await callGraph(tenant, 'GET', methods)).body.value, []);

    const again = await callGraph(tenant, 'DELETE', `${methods}/${created.body.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 'Request_ResourceNotFound');
  });

  it('shows a pass that starts later as not yet usable', async () => {
    const start = new Date(Date.now() + 24 * 60 * 60_000).toISOString();
    await callGraph(tenant, 'POST', methods, { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: start });
    const [shown] = (await callGraph(tenant, 'GET', methods)).body.value;
    assert.equal(shown.isUsable, false);
    assert.equal(shown.methodUsabilityReason, 'NotYetValid');
  });
});
