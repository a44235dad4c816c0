import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createValidateExecutor } from '../../../src/operations/executors/index.ts';
import { buildTenantSnapshot } from '../../../src/operations/preflight/index.ts';
import { activeMailbox, FakeTenant, inactiveMailbox, tenantErrors, userFor } from '../../fakes/fake-tenant.ts';
import { RowRun } from './executor-test-support.ts';

const jdoe = inactiveMailbox({ name: 'jdoe', inPlaceHolds: ['mbx0a1b2c3d:1'] });
const sharded = inactiveMailbox({
  name: 'big',
  litigationHoldEnabled: false,
  mailboxLocations: ['1;a;AuxPrimary;x;y'],
});
const adele = activeMailbox({ name: 'adele' });

function setUp() {
  const tenant = new FakeTenant({ inactive: [jdoe, sharded], active: [adele], users: [userFor(adele)] });
  const rows = [
    new RowRun(jdoe.exchangeGuid, null, {}, 2),
    new RowRun(sharded.exchangeGuid, 'adele@contoso.com', {}, 3),
  ];
  let loads = 0;
  const executor = createValidateExecutor({
    loadSnapshot: () => {
      loads += 1;
      return buildTenantSnapshot(
        rows.map((run) => run.item),
        'validate',
        { exchange: tenant.exchange, graph: tenant.graph },
      );
    },
  });
  return { tenant, rows, executor, loads: () => loads };
}

describe('validate executor', () => {
  it('gives each row its eligibility, blockers, warnings and holds', async () => {
    const { rows, executor } = setUp();
    const [eligible, blocked] = [await rows[0]!.attempt(executor), await rows[1]!.attempt(executor)];
    const result = eligible.status === 'completed' ? eligible.result : undefined;
    assert.equal(result?.['eligible'], true);
    assert.equal(result?.['blockers'], '');
    assert.equal(result?.['warnings'], 'HOLDS_PRESENT');
    assert.equal(result?.['holds'], 'Litigation Hold; retention policy (mbx0a1b2c3d:1)');
    assert.match(String(result?.['details']), /under these holds/);
    assert.equal(blocked.status === 'completed' && blocked.result?.['eligible'], false);
    // Adele's active mailbox holds both the UPN and the Name 'adele' the recovery would create.
    assert.equal(
      blocked.status === 'completed' && blocked.result?.['blockers'],
      'AUX_PRIMARY_SHARD; TARGET_UPN_IN_USE; NAME_IN_USE',
    );
    assert.match(String(blocked.status === 'completed' && blocked.result?.['details']), /additional shards/);
  });

  it('reads the tenant once per job and never writes', async () => {
    const { tenant, rows, executor, loads } = setUp();
    for (const run of rows) await run.attempt(executor);
    assert.equal(loads(), 1);
    assert.deepEqual(tenant.writes, []);
  });

  it('fails the row transiently when the snapshot cannot be read, and reads again next time', async () => {
    const { tenant, rows, executor, loads } = setUp();
    tenant.failNext('listInactiveMailboxes', tenantErrors.throttled(5_000));
    const outcome = await rows[0]!.attempt(executor);
    assert.equal(outcome.status === 'failed' && outcome.errorClass, 'transient');
    assert.equal((await rows[0]!.attempt(executor)).status, 'completed');
    assert.equal(loads(), 2);
  });
});
