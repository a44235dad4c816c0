import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BulkOperationType } from '../../../src/operations/model.ts';
import { buildTenantSnapshot, createSnapshotCache, runPreflight } from '../../../src/operations/preflight/index.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { activeMailbox, FakeTenant, inactiveMailbox, sku, userFor, guidFor } from '../../fakes/fake-tenant.ts';
import { row } from './preflight-test-support.ts';

const N = 45;
const M = 2_500;
// ×3: Graph UPN batches, Graph proxyAddresses batches, and Get-Recipient calls (20 addresses each), since only
// Exchange sees the mail contacts, groups and soft-deleted mailboxes that also hold addresses.
const budget = Math.ceil(M / 1000) + Math.ceil(N / 20) * 3 + 3;

function largeTenant(): FakeTenant {
  const inactive = Array.from({ length: M }, (_, i) => inactiveMailbox({ name: `former${i}` }));
  const active = Array.from({ length: N }, (_, i) => activeMailbox({ name: `staff${i}` }));
  return new FakeTenant({
    inactive,
    active,
    users: active.map((mailbox) => userFor(mailbox)),
    skus: [sku('ENTERPRISEPACK', 100, 10)],
  });
}

function rowsFor(type: BulkOperationType) {
  return Array.from({ length: N }, (_, i) => {
    const source = i % 5 === 0 ? `former${i}@contoso.com` : inactiveMailbox({ name: `former${i}` }).exchangeGuid;
    const target = type === 'restore' ? `staff${i}@contoso.com` : `returning${i}@contoso.com`;
    return row(
      i + 2,
      source,
      type === 'export' ? null : target,
      type === 'recovery' ? { license_sku: 'ENTERPRISEPACK', usage_location: 'US' } : {},
    );
  });
}

describe('buildTenantSnapshot', () => {
  for (const type of ['recovery', 'restore', 'validate', 'export'] as const) {
    it(`checks ${N} ${type} rows against ${M} inactive mailboxes within ⌈M/1000⌉ + ⌈N/20⌉×3 + 3 = ${budget} remote calls`, async () => {
      const tenant = largeTenant();
      const items = rowsFor(type);
      const snapshot = await buildTenantSnapshot(items, type, { exchange: tenant.exchange, graph: tenant.graph });
      const issues = runPreflight(items, type, snapshot);

      assert.ok(tenant.remoteCalls <= budget, `${tenant.remoteCalls} remote calls, budget ${budget}`);
      assert.deepEqual(tenant.callsTo('getMailbox'), [], 'no per-row Exchange look-up');
      assert.deepEqual(
        issues.filter((issue) => issue.severity === 'error'),
        [],
        'every row of this file is fine',
      );
    });
  }

  it('spends exactly the planned calls on a recovery file', async () => {
    const tenant = largeTenant();
    await buildTenantSnapshot(rowsFor('recovery'), 'recovery', { exchange: tenant.exchange, graph: tenant.graph });
    const methods = tenant.calls.map((call) => call.method).sort();
    assert.deepEqual(methods, [
      'findActiveMailboxes',
      'findRecipientsByAddress',
      'getUsersByProxyAddress',
      'getUsersByUpn',
      'listDomains',
      'listInactiveMailboxes',
      'listSubscribedSkus',
    ]);
    assert.equal(tenant.remoteCalls, 3 + 1 + 1 + 1 + 3 + 3 + 3);
  });

  it('lists every restore request once instead of asking per row', async () => {
    const tenant = largeTenant();
    await buildTenantSnapshot(rowsFor('restore'), 'restore', { exchange: tenant.exchange, graph: tenant.graph });
    assert.deepEqual(
      tenant.callsTo('getRestoreRequests').map((call) => call.args),
      [[{}]],
    );
  });

  it('tells an active mailbox from a typo for address sources without an extra batch', async () => {
    const staff = activeMailbox({ name: 'staff' });
    const tenant = new FakeTenant({
      inactive: [inactiveMailbox({ name: 'former' })],
      active: [staff],
      users: [userFor(staff)],
    });
    const items = [
      row(2, 'staff@contoso.com', 'new.one@contoso.com'),
      row(3, 'typo@contoso.com', 'new.two@contoso.com'),
    ];
    const snapshot = await buildTenantSnapshot(items, 'recovery', { exchange: tenant.exchange, graph: tenant.graph });
    const codes = runPreflight(items, 'recovery', snapshot).map((issue) => `${issue.row}:${issue.code}`);
    assert.deepEqual(codes, ['2:SOURCE_NOT_INACTIVE', '3:SOURCE_NOT_FOUND']);
    assert.equal(tenant.callsTo('getUsersByProxyAddress').length, 1);
  });

  it('finds a source GUID however it is written', async () => {
    const former = inactiveMailbox({ name: 'former' });
    const tenant = new FakeTenant({ inactive: [former] });
    const braced = `{${former.exchangeGuid.toUpperCase()}}`;
    const items = [row(2, braced, null), row(3, former.exchangeGuid.replace(/-/g, ''), null)];
    const snapshot = await buildTenantSnapshot(items, 'export', { exchange: tenant.exchange, graph: tenant.graph });
    assert.deepEqual(runPreflight(items, 'export', snapshot), []);
  });

  describe('a long file', () => {
    const ROWS = 1_210;
    const longFile = () =>
      Array.from({ length: ROWS }, (_, i) =>
        row(i + 2, inactiveMailbox({ name: `former${i}` }).exchangeGuid, `returning${i}@contoso.com`),
      );
    const tenantOf = () =>
      new FakeTenant({ inactive: Array.from({ length: ROWS }, (_, i) => inactiveMailbox({ name: `former${i}` })) });

    it('tells how many rows were looked up after each chunk of 500, within the same call budget', async () => {
      const tenant = tenantOf();
      const checked: number[] = [];
      const snapshot = await buildTenantSnapshot(
        longFile(),
        'recovery',
        tenant,
        {},
        {
          onRowsChecked: (rows) => checked.push(rows),
        },
      );
      assert.deepEqual(checked, [500, 1000, 1210]);
      const rowBudget = Math.ceil(ROWS / 1000) + Math.ceil(ROWS / 20) * 3 + 3;
      assert.ok(tenant.remoteCalls <= rowBudget, `${tenant.remoteCalls} remote calls, budget ${rowBudget}`);
      assert.equal(snapshot.usersByUpn.size, ROWS, "every row's target was looked up");
    });

    it('stops between two chunks once its signal is aborted, rejecting with the reason', async () => {
      const tenant = tenantOf();
      const exchange = tenant.exchange as { findRecipientsByAddress: (keys: string[]) => Promise<unknown> };
      const original = exchange.findRecipientsByAddress.bind(exchange);
      let release = (): void => undefined;
      let reached = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const firstCall = new Promise<void>((resolve) => (reached = resolve));
      exchange.findRecipientsByAddress = async (keys) => {
        reached();
        await gate;
        return original(keys);
      };
      const controller = new AbortController();
      const stopped = new Error('shutting down');
      const snapshot = buildTenantSnapshot(longFile(), 'recovery', tenant, {}, { signal: controller.signal });
      await firstCall;
      controller.abort(stopped);
      release();
      await assert.rejects(snapshot, (error) => error === stopped);
      assert.equal(tenant.callsTo('findRecipientsByAddress').length, 1, 'the look-up in flight ended, no other began');
    });
  });
});

describe('createSnapshotCache', () => {
  const snapshotAt = async (takenAt: string) => {
    const tenant = new FakeTenant({ inactive: [inactiveMailbox({ name: guidFor(takenAt).slice(0, 6) })] });
    const clock = new FakeClock(takenAt);
    return buildTenantSnapshot([], 'export', { exchange: tenant.exchange, graph: tenant.graph, clock });
  };

  it('reuses a snapshot within the TTL and reads the tenant again after it', async () => {
    const clock = new FakeClock();
    const cache = createSnapshotCache(60_000, clock);
    let builds = 0;
    const build = () => {
      builds += 1;
      return snapshotAt(clock.now().toISOString());
    };
    const first = await cache.get('recovery:abc', build);
    clock.advance(59_000);
    assert.equal(await cache.get('recovery:abc', build), first);
    assert.equal(builds, 1);
    await cache.get('restore:abc', build);
    assert.equal(builds, 2, 'another key is another snapshot');
    clock.advance(1_000);
    assert.notEqual(await cache.get('recovery:abc', build), first);
    assert.equal(builds, 3);
  });

  it('does not keep a failed read', async () => {
    const clock = new FakeClock();
    const cache = createSnapshotCache(60_000, clock);
    await assert.rejects(
      cache.get('k', () => Promise.reject(new Error('throttled'))),
      /throttled/,
    );
    const snapshot = await cache.get('k', () => snapshotAt(clock.now().toISOString()));
    assert.equal(snapshot.takenAt, clock.now().toISOString());
  });
});
