import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createJobRecord } from '../../../src/operations/jobs/job-lifecycle.ts';
import { prepareJob } from '../../../src/operations/jobs/prepare-job.ts';
import { FakeTenant, inactiveMailbox } from '../../fakes/fake-tenant.ts';
import { MemoryAuditLog } from '../../fakes/memory-audit-log.ts';

const HEADER = 'source_guid,target_upn,display_name';
const fileOf = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));

describe('prepareJob', () => {
  it('audits the file it was given (name, size, SHA-256, rows) and the validation counts', async () => {
    const bytes = fileOf(['11111111-2222-4333-8444-555555555555,a.user@contoso.com,A User', 'nope,b@contoso.com,B']);
    const audit = new MemoryAuditLog();
    const job = await prepareJob(
      { fileName: 'recover.csv', bytes },
      { audit },
      { jobId: 'op-1', actor: 'admin@contoso.com' },
    );
    assert.deepEqual(job.counts, { total: 2, ready: 1, withWarnings: 0, blocked: 1 });
    assert.deepEqual(audit.actions(), ['job.created', 'job.validated']);
    const [created, validated] = audit.entries;
    assert.deepEqual(created?.details, {
      fileName: 'recover.csv',
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rowCount: 2,
      type: 'recovery',
    });
    assert.equal(created?.actor, 'admin@contoso.com');
    assert.equal(validated?.details.blocked, 1);
    assert.deepEqual(validated?.details.issuesByCode, { INVALID_GUID: 1 });
  });

  it('adds the tenant verdicts to the format checks when a tenant is given', async () => {
    const known = inactiveMailbox({ displayName: 'Known Person' });
    const tenant = new FakeTenant({ inactive: [known] });
    const job = await prepareJob(
      {
        fileName: 'f.csv',
        bytes: fileOf([
          `${known.exchangeGuid},known.person@contoso.com,Known`,
          `${'9'.repeat(8)}-9999-4999-8999-${'9'.repeat(12)},x@contoso.com,X`,
        ]),
      },
      { tenant: { exchange: tenant.exchange, graph: tenant.graph } },
      { jobId: 'op-2', actor: 'a' },
    );
    assert.deepEqual(
      job.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.code]),
      [[3, 'SOURCE_NOT_FOUND']],
    );
    assert.deepEqual(
      job.ready.map((item) => item.rowNumber),
      [2],
    );
  });

  it('binds the content hash to exactly the rows that would run', async () => {
    const good = ['11111111-2222-4333-8444-555555555555,a.user@contoso.com,A User'];
    const prepare = (rows: string[]) =>
      prepareJob({ fileName: 'f.csv', bytes: fileOf(rows) }, {}, { jobId: 'op', actor: 'a' });
    const clean = await prepare(good);
    const withBlockedRow = await prepare([...good, 'nope,b@contoso.com,B']);
    const changedName = await prepare(['11111111-2222-4333-8444-555555555555,a.user@contoso.com,Another Name']);
    assert.equal(withBlockedRow.readyRowsHash, clean.readyRowsHash, 'a blocked row does not run, so it does not count');
    assert.notEqual(changedName.readyRowsHash, clean.readyRowsHash);
    assert.match(clean.readyRowsHash, /^[0-9a-f]{12}$/);
  });

  it('runs nothing when the file itself is unusable', async () => {
    const job = await prepareJob(
      { fileName: 'book.xlsx', bytes: Buffer.from('PK\u0003\u0004binary') },
      {},
      { jobId: 'op', actor: 'a' },
    );
    assert.equal(job.ready.length, 0);
    assert.ok(job.issues.some((issue) => issue.code === 'NOT_CSV'));
  });

  it('lists each blocked row with the errors that blocked it, and the job made from it remembers them', async () => {
    const good = '11111111-2222-4333-8444-555555555555,a.user@contoso.com,A User';
    const prepared = await prepareJob(
      { fileName: 'f.csv', bytes: fileOf(['nope,b@contoso.com,B', good, '11111111-2222-4333-8444-666666666666,,C']) },
      {},
      { jobId: 'op', actor: 'a' },
    );
    assert.deepEqual(
      prepared.blocked.map((row) => [row.rowNumber, row.sourceIdentity, row.reasons.length > 0]),
      [
        [2, 'nope', true],
        [4, '11111111-2222-4333-8444-666666666666', true],
      ],
    );
    assert.match(prepared.blocked[0]?.reasons.join(' ') ?? '', /GUID/i);
    const job = createJobRecord(prepared, { id: '29:ann', name: 'Ann' }, null, new Date('2025-03-24T12:00:00Z'));
    assert.deepEqual(job.blockedRows, prepared.blocked);
  });
});
