import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRecoveryExecutor } from '../../../src/operations/executors/index.ts';
import { generateTenantFixture } from '../../../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createGraphGateway } from '../../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { RowRun } from '../../operations/executors/executor-test-support.ts';

describe('a resumed recovery row and the Temporary Access Pass, over HTTP to the sandbox tenant', () => {
  it('deletes the pass a killed attempt created and delivers the one pass the user is left with', async () => {
    const fixture = generateTenantFixture({ seed: 5, inactiveMailboxes: 4, activeUsers: 3 });
    const user = fixture.users[0];
    assert.ok(user);
    const sandbox = await startSandboxTenant({ fixture });
    try {
      const graph = createGraphGateway({ baseUrl: sandbox.graphBaseUrl, tokens: createStaticTokenProvider('test') });
      // The killed attempt: Graph created this pass, the process died before saving `tapIssued`.
      const lost = await graph.createTemporaryAccessPass(user.id, { lifetimeInMinutes: 60, isUsableOnce: true });
      const [lostMethod] = await graph.listTemporaryAccessPasses(user.id);
      assert.ok(lostMethod);

      const delivered: { pass: string; replacesLostPass: boolean }[] = [];
      const executor = createRecoveryExecutor(
        {
          exchange: { getMailbox: () => assert.fail('no Exchange call'), newMailboxFromInactive: () => assert.fail() },
          graph,
          clock: new FakeClock(),
          secrets: {
            deliver: (_job, _row, _upn, pass, notes) =>
              delivered.push({ pass: pass.temporaryAccessPass, replacesLostPass: notes.replacesLostPass }),
          },
        },
        { issueTemporaryAccessPass: true },
      );
      const run = new RowRun('source-guid', user.userPrincipalName);
      run.item = {
        ...run.item,
        checkpoint: { step: 'tapRequested', userId: user.id, upn: user.userPrincipalName, licenseAssigned: '' },
      };

      const outcome = await run.attempt(executor);

      assert.equal(outcome.status, 'completed');
      const left = await graph.listTemporaryAccessPasses(user.id);
      assert.equal(left.length, 1, 'the user holds one pass');
      assert.notEqual(left[0]?.id, lostMethod.id);
      assert.equal(delivered.length, 1);
      assert.notEqual(delivered[0]?.pass, lost.temporaryAccessPass);
      assert.equal(delivered[0]?.replacesLostPass, true);
      const ledger = (await (await fetch(`${sandbox.url}/_sandbox/ledger`)).json()) as { operation: string }[];
      assert.deepEqual(
        ledger.map((entry) => entry.operation).filter((operation) => operation.includes('temporaryAccessPass')),
        [
          'POST /users/{id}/authentication/temporaryAccessPassMethods',
          'DELETE /users/{id}/authentication/temporaryAccessPassMethods/{id}',
          'POST /users/{id}/authentication/temporaryAccessPassMethods',
        ],
      );
    } finally {
      await sandbox.close();
    }
  });
});
