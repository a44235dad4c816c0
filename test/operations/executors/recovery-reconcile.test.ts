import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRecoveryExecutor, type RecoverySettings } from '../../../src/operations/executors/index.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { activeMailbox, FakeTenant, inactiveMailbox, sku, tenantErrors } from '../../fakes/fake-tenant.ts';
import { OPERATION_ID, RowRun } from './executor-test-support.ts';

const UPN = 'john.doe@contoso.com';

function setUp(settings: RecoverySettings = {}, seed = {}) {
  const tenant = new FakeTenant({
    inactive: [inactiveMailbox({ name: 'jdoe' })],
    skus: [sku('ENTERPRISEPACK', 5, 0)],
    ...seed,
  });
  const executor = createRecoveryExecutor(
    { exchange: tenant.exchange, graph: tenant.graph, clock: new FakeClock(), secrets: { deliver: () => undefined } },
    settings,
  );
  const run = new RowRun(inactiveMailbox({ name: 'jdoe' }).exchangeGuid, UPN, { display_name: 'John Doe' });
  const reconcile = () => executor.reconcile!(run.item, run.controller.signal, OPERATION_ID);
  return { tenant, executor, run, reconcile };
}

/** The process died right after New-Mailbox went out: the mailbox exists, the checkpoint says "requested". */
async function crashAfterNewMailbox(setup: ReturnType<typeof setUp>): Promise<void> {
  setup.tenant.loseAnswerOf('newMailboxFromInactive');
  await setup.run.attempt(setup.executor);
  assert.equal(setup.run.item.checkpoint?.['step'], 'mailboxRequested');
}

describe('recovery reconcile', () => {
  it('is done when the source is gone and a mailbox holds the UPN after our request', async () => {
    const setup = setUp();
    await crashAfterNewMailbox(setup);
    const recovered = setup.tenant.active.find((m) => m.userPrincipalName === UPN)!;
    assert.deepEqual(await setup.reconcile(), {
      state: 'done',
      result: {
        newUserPrincipalName: UPN,
        newExchangeGuid: recovered.exchangeGuid,
        licenseAssigned: '',
        temporaryAccessPassIssued: false,
      },
    });
  });

  it('is not done while licence steps remain, and running again finishes them without a second New-Mailbox', async () => {
    const setup = setUp({ defaultLicenseSku: 'ENTERPRISEPACK' });
    await crashAfterNewMailbox(setup);
    assert.deepEqual(await setup.reconcile(), { state: 'not_done' });
    const outcome = await setup.run.attempt(setup.executor);
    assert.equal(outcome.status === 'completed' && outcome.result?.['licenseAssigned'], 'ENTERPRISEPACK');
    assert.equal(setup.tenant.callsTo('newMailboxFromInactive').length, 1);
  });

  it('is not done when the source is still inactive and nothing holds the UPN', async () => {
    const setup = setUp();
    setup.run.item = { ...setup.run.item, checkpoint: { step: 'mailboxRequested' } };
    assert.deepEqual(await setup.reconcile(), { state: 'not_done' });
  });

  it('is done from the checkpoint alone once every step was saved', async () => {
    const setup = setUp();
    setup.run.item = {
      ...setup.run.item,
      checkpoint: { step: 'licensed', exchangeGuid: 'e1', upn: UPN, userId: 'u1', licenseAssigned: '' },
    };
    const verdict = await setup.reconcile();
    assert.equal(verdict.state, 'done');
    assert.deepEqual(setup.tenant.calls, []);
  });

  it("is unknown when someone else's mailbox already holds the UPN", async () => {
    const setup = setUp({}, { active: [activeMailbox({ name: 'john.doe', userPrincipalName: UPN })] });
    const verdict = await setup.reconcile();
    assert.equal(verdict.state, 'unknown');
    assert.match(verdict.state === 'unknown' ? verdict.reason : '', /john\.doe@contoso\.com/);
  });

  it('is unknown when the source is gone but nothing holds the UPN', async () => {
    const setup = setUp({}, { inactive: [] });
    setup.run.item = { ...setup.run.item, checkpoint: { step: 'mailboxRequested' } };
    assert.equal((await setup.reconcile()).state, 'unknown');
  });

  it('is unknown when the tenant cannot be read', async () => {
    const setup = setUp();
    setup.tenant.failNext('getMailbox', tenantErrors.throttled());
    assert.equal((await setup.reconcile()).state, 'unknown');
  });
});
