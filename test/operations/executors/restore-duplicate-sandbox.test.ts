import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createRestoreExecutor } from '../../../src/operations/executors/index.ts';
import type { ItemExecutor, ItemOutcome } from '../../../src/operations/ports.ts';
import type { FixtureMailbox } from '../../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { createSmallFixture, findInactive, invokeCmdlet, startTestTenant } from '../../sandbox/sandbox-client.ts';
import { RowRun } from './executor-test-support.ts';

/** A restore row run by the real gateway against the sandbox, where an admin already started the same copy. */
describe('restore executor against the sandbox tenant', () => {
  const fixture = createSmallFixture();
  const outcomes = fixture.restoreOutcomes ?? {};
  const busyTargets = new Set(fixture.restoreRequests.map((request) => request.TargetMailbox));
  const target = fixture.mailboxes.find(
    (m) => !m.IsInactiveMailbox && !outcomes[m.ExchangeGuid] && !busyTargets.has(m.Name),
  ) as FixtureMailbox;
  const source = findInactive(fixture, (m) => !outcomes[m.ExchangeGuid]);
  const other = findInactive(fixture, (m) => !outcomes[m.ExchangeGuid] && m.ExchangeGuid !== source.ExchangeGuid);
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  async function setUp(alreadyCopying: FixtureMailbox) {
    tenant = await startTestTenant({ restoreDurationMs: 3_600_000 });
    // Started by hand under Exchange's default name: our Name cannot find it, only its statistics can.
    const manual = await invokeCmdlet(tenant, 'New-MailboxRestoreRequest', {
      SourceMailbox: alreadyCopying.ExchangeGuid,
      TargetMailbox: target.ExchangeGuid,
      AllowLegacyDNMismatch: true,
    });
    assert.equal(manual.status, 200);
    const client = new InvokeCommandClient({
      baseUrl: tenant.exchangeBaseUrl,
      tenantId: tenant.tenantId,
      tokens: createStaticTokenProvider('test'),
    });
    const exchange = createExchangeGateway(client, createPlainPasswordEncoder());
    const executor = createRestoreExecutor({ exchange, clock: new FakeClock() }, { pollIntervalMs: 1 });
    return { executor, run: new RowRun(source.ExchangeGuid, target.UserPrincipalName) };
  }

  const listRequests = async () =>
    (await invokeCmdlet(tenant as SandboxTenant, 'Get-MailboxRestoreRequest', {})).body.value.length;

  /** Runs the row until it is refused or submitted: tracking the hour-long copy is not what these tests are about. */
  async function runUntilSubmitted(executor: ItemExecutor, run: RowRun): Promise<ItemOutcome | undefined> {
    const context = run.context;
    return executor
      .execute(run.item, {
        ...context,
        saveCheckpoint: async (checkpoint) => {
          await context.saveCheckpoint(checkpoint);
          if (checkpoint['step'] === 'submitted') run.controller.abort();
        },
      })
      .catch(() => undefined);
  }

  it('refuses a row whose mailbox an unfinished request is already copying into the same target', async () => {
    const { executor, run } = await setUp(source);
    const before = await listRequests();
    const outcome = await runUntilSubmitted(executor, run);

    assert.equal(await listRequests(), before, 'no second request was submitted');
    assert.equal(outcome?.status, 'failed');
    assert.equal(outcome?.status === 'failed' && outcome.error.code, 'RESTORE_ALREADY_EXISTS');
    assert.match(outcome?.status === 'failed' ? outcome.error.message : '', /'MailboxRestore' \((Queued|InProgress)\)/);
  });

  it('submits a row whose target is busy copying another mailbox', async () => {
    const { executor, run } = await setUp(other);
    const before = await listRequests();
    await runUntilSubmitted(executor, run);
    assert.ok(run.checkpoints.some((checkpoint) => checkpoint['step'] === 'submitted'));
    assert.equal(await listRequests(), before + 1);
  });
});
