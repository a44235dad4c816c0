import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRecoveryExecutor,
  TEMPORARY_ACCESS_PASS_EXISTS,
  type RecoverySettings,
} from '../../../src/operations/executors/index.ts';
import type { TemporaryAccessPass, TemporaryAccessPassMethod } from '../../../src/operations/tenant-ports.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { FakeTenant, inactiveMailbox } from '../../fakes/fake-tenant.ts';
import { RowRun } from './executor-test-support.ts';

const jdoe = inactiveMailbox({ name: 'jdoe' });
const UPN = 'john.doe@contoso.com';
const SETTINGS: RecoverySettings = { issueTemporaryAccessPass: true };

interface Delivered {
  upn: string;
  pass: TemporaryAccessPass;
  replacesLostPass: boolean;
}

function setUp(seed: ConstructorParameters<typeof FakeTenant>[0] = { inactive: [structuredClone(jdoe)] }) {
  const tenant = new FakeTenant(seed);
  const delivered: Delivered[] = [];
  const secrets = {
    deliver: (
      _job: string,
      _row: number,
      upn: string,
      pass: TemporaryAccessPass,
      notes: { replacesLostPass: boolean },
    ) => delivered.push({ upn, pass, replacesLostPass: notes.replacesLostPass }),
  };
  const executor = createRecoveryExecutor(
    { exchange: tenant.exchange, graph: tenant.graph, clock: new FakeClock(), secrets },
    SETTINGS,
  );
  return { tenant, delivered, executor };
}

function passesOf(tenant: FakeTenant): TemporaryAccessPassMethod[] {
  return [...tenant.passMethods.values()];
}

function userIdOf(tenant: FakeTenant): string {
  const user = tenant.users.find((entry) => entry.userPrincipalName === UPN);
  assert.ok(user, 'the recovered user exists');
  return user.id;
}

describe('recovery executor: the Temporary Access Pass after a crash', () => {
  it('leaves the user exactly one pass, the one the requester got, when a killed attempt had created one', async () => {
    const first = setUp();
    const run = new RowRun(jdoe.exchangeGuid, UPN);
    await run.attempt(first.executor);
    // The process died after Graph created the pass and before `tapIssued` was saved: the first pass exists in
    // the tenant, its secret died with the process.
    const upTo = run.checkpoints.findIndex((checkpoint) => checkpoint['step'] === 'tapRequested');
    run.item = { ...run.item, checkpoint: Object.assign({}, ...run.checkpoints.slice(0, upTo + 1)) };
    const lost = passesOf(first.tenant);
    assert.equal(lost.length, 1);

    const second = setUp({ inactive: [], active: first.tenant.active, users: first.tenant.users });
    for (const [userId, method] of first.tenant.passMethods) second.tenant.passMethods.set(userId, method);
    const outcome = await run.attempt(second.executor);

    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.status === 'completed' && outcome.result?.['temporaryAccessPassIssued'], true);
    const now = passesOf(second.tenant);
    assert.equal(now.length, 1, 'one pass in the tenant');
    assert.notEqual(now[0]?.id, lost[0]?.id, 'the undelivered pass is gone');
    assert.equal(second.delivered.length, 1, 'one pass delivered');
    assert.equal(second.delivered[0]?.pass.temporaryAccessPass, second.tenant.issuedPasses[0]?.temporaryAccessPass);
    assert.equal(second.delivered[0]?.replacesLostPass, true, 'the requester is told it replaces a lost pass');
    assert.deepEqual(
      second.tenant.writes.map((call) => call.method),
      ['deleteTemporaryAccessPass', 'createTemporaryAccessPass'],
    );
  });

  it('replaces the pass whose answer was lost on the retry, delivering only the new one', async () => {
    const { tenant, delivered, executor } = setUp();
    tenant.loseAnswerOf('createTemporaryAccessPass');
    const run = new RowRun(jdoe.exchangeGuid, UPN);

    const firstTry = await run.attempt(executor);
    assert.equal(firstTry.status === 'failed' && firstTry.errorClass, 'transient');
    assert.equal(run.item.checkpoint?.['step'], 'tapRequested');
    assert.equal(delivered.length, 0, 'nothing to deliver: the answer was lost');

    const retry = await run.attempt(executor);
    assert.equal(retry.status, 'completed');
    assert.equal(passesOf(tenant).length, 1);
    assert.deepEqual(
      delivered.map((entry) => entry.pass.temporaryAccessPass),
      [tenant.issuedPasses[1]?.temporaryAccessPass],
    );
  });

  it('creates no second pass over a live one this job did not issue, and says what to do', async () => {
    const first = setUp();
    const run = new RowRun(jdoe.exchangeGuid, UPN);
    await run.attempt(first.executor);
    // Saved up to `licensed` (no request sent by this row), yet the user holds a usable pass: someone else's.
    const upTo = run.checkpoints.findIndex((checkpoint) => checkpoint['step'] === 'licensed');
    run.item = { ...run.item, checkpoint: Object.assign({}, ...run.checkpoints.slice(0, upTo + 1)) };
    const theirs: TemporaryAccessPassMethod = {
      id: 'their-pass',
      createdDateTime: '2025-01-01T09:00:00Z',
      startDateTime: '2025-01-01T09:00:00Z',
      lifetimeInMinutes: 480,
      isUsable: true,
      methodUsabilityReason: 'EnabledByPolicy',
    };
    const second = setUp({ inactive: [], active: first.tenant.active, users: first.tenant.users });
    second.tenant.passMethods.set(userIdOf(first.tenant), theirs);

    const outcome = await run.attempt(second.executor);

    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.status === 'failed' && outcome.errorClass, 'permanent');
    assert.equal(outcome.status === 'failed' && outcome.error.code, TEMPORARY_ACCESS_PASS_EXISTS);
    assert.match(
      outcome.status === 'failed' ? outcome.error.message : '',
      /recovered as john\.doe@contoso\.com.*no second one was created.*delete it.*retry the row/,
    );
    assert.deepEqual(second.tenant.writes, [], 'their pass is left as it is');
    assert.deepEqual(passesOf(second.tenant), [theirs]);
    assert.deepEqual(second.delivered, []);
  });

  it('overrides an expired pass on the first request, as Graph does', async () => {
    const first = setUp();
    const run = new RowRun(jdoe.exchangeGuid, UPN);
    await run.attempt(first.executor);
    const upTo = run.checkpoints.findIndex((checkpoint) => checkpoint['step'] === 'licensed');
    run.item = { ...run.item, checkpoint: Object.assign({}, ...run.checkpoints.slice(0, upTo + 1)) };
    const second = setUp({ inactive: [], active: first.tenant.active, users: first.tenant.users });
    second.tenant.passMethods.set(userIdOf(first.tenant), {
      id: 'old-pass',
      createdDateTime: '2024-01-01T09:00:00Z',
      startDateTime: '2024-01-01T09:00:00Z',
      lifetimeInMinutes: 60,
      isUsable: false,
      methodUsabilityReason: 'Expired',
    });

    const outcome = await run.attempt(second.executor);

    assert.equal(outcome.status, 'completed');
    assert.equal(second.delivered[0]?.replacesLostPass, false);
    assert.deepEqual(
      passesOf(second.tenant).map((method) => method.id === 'old-pass'),
      [false],
    );
  });
});
