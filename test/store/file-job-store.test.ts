import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { markRunning, withCardActivity } from '../../src/operations/jobs/job-lifecycle.ts';
import type { JobRecord } from '../../src/operations/jobs/job-record.ts';
import { recordApproval } from '../../src/operations/jobs/record-approval.ts';
import { FileJobStore } from '../../src/store/file-job-store.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import {
  ANN,
  BOB,
  CAROL,
  CREATED_AT,
  HOUR_MS,
  POLICY,
  makeGroup,
  makeJob,
} from '../operations/jobs/job-test-support.ts';
import { readEveryFile, useTempDirs } from './store-test-support.ts';
import { openDataDir } from '../../src/store/data-dir.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJrbm93bi1zZWNyZXQifQ.a25vd24tc2lnbmF0dXJl';
const PASSWORD = 'Pa55w0rd-known-secret-7f3a';

describe('FileJobStore', () => {
  const makeTempDir = useTempDirs();

  async function openStores(dataDir?: string) {
    const dir = dataDir ?? (await makeTempDir());
    // The operation store holds the data directory's lock; the job store shares the directory.
    const held = await openDataDir(dir);
    const operations = await FileOperationStore.open({ dataDir: held });
    const jobs = await FileJobStore.open({ dataDir: held });
    const close = async () => {
      await jobs.close();
      await operations.close();
      await held.close();
    };
    return { dataDir: dir, jobs, close };
  }

  function clickOn(store: FileJobStore, job: JobRecord, actor: typeof BOB, action: 'approve' | 'reject') {
    return recordApproval(
      { store },
      {
        jobId: job.jobId,
        actor,
        action,
        contentHash: job.contentHash,
        now: new Date(CREATED_AT.getTime() + HOUR_MS),
        policy: POLICY,
        isInApproverGroup: makeGroup().isInApproverGroup,
      },
    );
  }

  it('gives back exactly the job it stored, after the process reopens the data directory', async () => {
    const first = await openStores();
    const job = withCardActivity(makeJob(), 'approval', 'act-1');
    await first.jobs.put(job);
    await first.close();

    const second = await openStores(first.dataDir);
    assert.deepEqual(await second.jobs.get(job.jobId), job);
    assert.equal(await second.jobs.get('job-unknown'), undefined);
    await second.close();
  });

  it('lists one requester’s jobs newest first, up to the limit', async () => {
    const { jobs, close } = await openStores();
    const at = (hours: number) => new Date(CREATED_AT.getTime() + hours * HOUR_MS);
    await jobs.put(makeJob({ jobId: 'job-a', createdAt: at(0) }));
    await jobs.put(makeJob({ jobId: 'job-b', createdAt: at(2) }));
    await jobs.put(makeJob({ jobId: 'job-c', createdAt: at(1) }));
    await jobs.put(makeJob({ jobId: 'job-bob', createdAt: at(3), requester: BOB }));

    const ids = async (query: Parameters<FileJobStore['list']>[0]) => (await jobs.list(query)).map((j) => j.jobId);
    assert.deepEqual(await ids({ requesterId: ANN.id, limit: 10 }), ['job-b', 'job-c', 'job-a']);
    assert.deepEqual(await ids({ requesterId: ANN.aadObjectId, limit: 2 }), ['job-b', 'job-c']);
    assert.deepEqual(await ids({ limit: 10 }), ['job-bob', 'job-b', 'job-c', 'job-a']);
    await close();
  });

  it('lists every job when the limit is infinite', async () => {
    const { jobs, close } = await openStores();
    for (let hour = 0; hour < 12; hour += 1) {
      await jobs.put(makeJob({ jobId: `job-${hour}`, createdAt: new Date(CREATED_AT.getTime() + hour * HOUR_MS) }));
    }
    assert.equal((await jobs.list({ limit: Number.POSITIVE_INFINITY })).length, 12);
    await close();
  });

  it('runs concurrent changes to one job one after another, losing none', async () => {
    const { jobs, close } = await openStores();
    const job = makeJob();
    await jobs.put(job);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        jobs.update(job.jobId, async (current) => {
          assert.ok(current);
          // Yields between read and write: without serialising, the changes would overwrite each other.
          await new Promise<void>((resolve) => setImmediate(resolve));
          return withCardActivity(current, `card-${index}`, `act-${index}`);
        }),
      ),
    );
    assert.equal(Object.keys((await jobs.get(job.jobId))?.cardActivityIds ?? {}).length, 20);
    await close();
  });

  it('lets exactly one of an approval and a rejection clicked together win', async () => {
    const { jobs, close } = await openStores();
    const job = makeJob();
    await jobs.put(job);
    const outcomes = await Promise.all([clickOn(jobs, job, BOB, 'approve'), clickOn(jobs, job, CAROL, 'reject')]);
    const winners = outcomes.filter((outcome) => outcome.kind === 'approved' || outcome.kind === 'rejected');
    assert.equal(winners.length, 1);
    assert.equal(outcomes.filter((outcome) => outcome.kind === 'already-decided').length, 1);
    const stored = await jobs.get(job.jobId);
    assert.equal(stored?.state, winners[0]?.kind);
    await close();
  });

  it('lets exactly one of two approvers clicking together approve', async () => {
    const { jobs, close } = await openStores();
    const job = makeJob();
    await jobs.put(job);
    const outcomes = await Promise.all([clickOn(jobs, job, BOB, 'approve'), clickOn(jobs, job, CAROL, 'approve')]);
    assert.deepEqual(outcomes.map((outcome) => outcome.kind).sort(), ['already-decided', 'approved']);
    await close();
  });

  it('treats an id no file could have (a crafted card) as an unknown job, touching no file', async () => {
    const { dataDir, jobs, close } = await openStores();
    const outcome = await clickOn(jobs, { ...makeJob(), jobId: '../operations/x' }, BOB, 'approve');
    assert.equal(outcome.kind === 'refused' && outcome.code, 'JOB_NOT_FOUND');
    assert.equal(await jobs.get('../../etc/passwd'), undefined);
    assert.deepEqual(await readdir(join(dataDir, 'jobs')), []);
    await close();
  });

  it('keeps going after a change that threw', async () => {
    const { jobs, close } = await openStores();
    const job = makeJob();
    await jobs.put(job);
    await assert.rejects(
      jobs.update(job.jobId, (current) => markRunning(current ?? job)),
      {
        code: 'ILLEGAL_TRANSITION',
      },
    );
    const changed = await jobs.update(job.jobId, (current) => current && withCardActivity(current, 'approval', 'a'));
    assert.equal(changed?.cardActivityIds.approval, 'a');
    await close();
  });

  it('never writes a password or a bearer token, and says which file it cannot read', async () => {
    const { dataDir, jobs, close } = await openStores();
    const job = makeJob();
    const first = job.items?.[0];
    assert.ok(first);
    first.additionalData = { ...first.additionalData, password: PASSWORD };
    await jobs.put({ ...job, fileName: `Bearer ${JWT}.csv` });
    for (const { path, text } of await readEveryFile(join(dataDir, 'jobs'))) {
      assert.ok(!text.includes(PASSWORD) && !text.includes(JWT), `${path} contains a secret`);
    }
    assert.equal((await jobs.get(job.jobId))?.items?.[0]?.additionalData.display_name, 'User 0');

    await writeFile(join(dataDir, 'jobs', 'job-broken.json'), '{"formatVersion":1,');
    await assert.rejects(jobs.get('job-broken'), { code: 'STORED_JOB_CORRUPT', message: /job-broken\.json/ });
    await close();
  });

  it('lists the readable jobs when one job file is damaged, so one bad file does not hide the rest', async () => {
    const { dataDir, jobs, close } = await openStores();
    const job = makeJob();
    await jobs.put(job);
    await writeFile(join(dataDir, 'jobs', 'job-broken.json'), '{"formatVersion":1,');
    assert.deepEqual(
      (await jobs.list({ limit: Number.POSITIVE_INFINITY })).map((listed) => listed.jobId),
      [job.jobId],
    );
    await close();
  });

  it('refuses writes once closed', async () => {
    const { jobs, close } = await openStores();
    await close();
    await assert.rejects(jobs.put(makeJob()), { code: 'STORE_CLOSED' });
  });
});
