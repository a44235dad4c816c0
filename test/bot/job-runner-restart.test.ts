/**
 * A restart over the real file stores: every approved job runs exactly once, and no row runs twice. Each
 * "process" is a new bot over stores reopened on the same data directory; one counting executor spans them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS } from '../../src/operations/audit-actions.ts';
import { applyDecision, createJobRecord, markRunning, submitJob } from '../../src/operations/jobs/job-lifecycle.ts';
import type { JobRecord } from '../../src/operations/jobs/job-record.ts';
import { FileJobStore } from '../../src/store/file-job-store.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import { guidFor } from '../fakes/fake-tenant.ts';
import { RecordingExecutor } from '../fakes/recording-executor.ts';
import { makeSource } from '../operations/jobs/job-test-support.ts';
import { useTempDirs } from '../store/store-test-support.ts';
import { ANN, BOB, PERSONAL, createHarness } from './support/bot-harness.ts';
import { openDataDir } from '../../src/store/data-dir.ts';

type Harness = ReturnType<typeof createHarness>;

const ROWS = [2, 3, 4, 5];

async function openStores(dataDir: string) {
  // The operation store holds the data directory's lock; the job store shares the directory.
  const held = await openDataDir(dataDir);
  const operations = await FileOperationStore.open({ dataDir: held });
  const jobs = await FileJobStore.open({ dataDir: held });
  return {
    operations,
    jobs,
    close: async () => {
      await jobs.close();
      await operations.close();
      await held.close();
    },
  };
}

/** A new "process": a bot over the stores reopened on `dataDir`, Ann's chat known (the real store keeps it). */
async function restart(dataDir: string, executor: RecordingExecutor) {
  const stores = await openStores(dataDir);
  const h = createHarness({ executor, jobs: stores.jobs, operations: stores.operations });
  await h.say('help');
  return { h, close: stores.close };
}

/** Job `job1` of Ann's, approved by Bob, as the approval stored it. */
function approvedJob(): JobRecord {
  const now = new Date('2025-01-06T09:00:00.000Z');
  const job = createJobRecord(
    makeSource({ jobId: 'job1', ready: ROWS.length }),
    ANN,
    { id: PERSONAL, kind: 'personal' },
    now,
  );
  const submitted = submitJob(job, { by: ANN, at: now, readyOnly: false, requiredApprovals: 1 });
  return applyDecision(submitted, { by: BOB, at: now.toISOString(), action: 'approve', selfApproved: false });
}

/** The state a crash left on disk: `job` stored, no operation. */
async function crashWith(dataDir: string, job: JobRecord): Promise<void> {
  const stores = await openStores(dataDir);
  await stores.jobs.put(job);
  await stores.close();
}

function assertEachRowRanOnce(executor: RecordingExecutor, rows: readonly number[] = ROWS): void {
  assert.deepEqual(
    rows.map((row) => executor.callsFor(row)),
    rows.map(() => 1),
    'every row ran exactly once',
  );
}

async function startedBy(h: Harness): Promise<string[]> {
  return h.audit.entries
    .filter((entry) => entry.action === AUDIT_ACTIONS.jobStarted && entry.jobId === 'job1')
    .map((entry) => entry.actor);
}

describe('jobs interrupted by a restart', () => {
  const makeTempDir = useTempDirs();

  it('starts a job approved just before the crash, once, as the system, and tells the requester how it ended', async () => {
    const dataDir = await makeTempDir();
    await crashWith(dataDir, approvedJob());
    const executor = new RecordingExecutor({ reconcile: false, turns: 1 });

    const { h, close } = await restart(dataDir, executor);
    // Twice at once: the job must still be handed to the engine only once.
    await Promise.all([h.bot.resumeInterrupted(), h.bot.resumeInterrupted()]);
    await h.idle();

    assertEachRowRanOnce(executor);
    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
    assert.equal((await h.operations.load('job1'))?.totals.completed, ROWS.length);
    assert.deepEqual(await startedBy(h), ['system']);
    assert.ok(
      h.textsSent().some((text) => text.includes('Download results')),
      'the requester got the completion summary',
    );
    await close();

    const again = await restart(dataDir, executor);
    await again.h.bot.resumeInterrupted();
    await again.h.idle();
    assertEachRowRanOnce(executor);
    await again.close();
  });

  it('starts a job stored as running whose operation was never saved, from the rows it kept', async () => {
    const dataDir = await makeTempDir();
    await crashWith(dataDir, markRunning(approvedJob()));
    const executor = new RecordingExecutor({ reconcile: false, turns: 1 });

    const { h, close } = await restart(dataDir, executor);
    await h.bot.resumeInterrupted();
    await h.idle();

    assertEachRowRanOnce(executor);
    const job = await h.jobs.get('job1');
    assert.equal(job?.state, 'completed');
    assert.equal(job?.items, null, 'the finished job no longer keeps the rows');
    assert.deepEqual(await startedBy(h), ['system']);
    await close();
  });

  it('resumes a job whose operation was saved instead of starting it anew', async () => {
    const dataDir = await makeTempDir();
    const names = ['jdoe', 'mroe', 'asmith', 'bjones'];
    let stopping: Promise<void> | undefined;
    // The first process stops while row 3 runs: rows 2–3 are done, the rest wait in the saved operation.
    const executor = new RecordingExecutor({
      reconcile: false,
      turns: 1,
      onExecute: (item) => {
        if (item.rowNumber === 3 && stopping === undefined) stopping = first.bot.shutdown();
      },
    });
    const stores = await openStores(dataDir);
    const first = createHarness({ executor, mailboxes: names, jobs: stores.jobs, operations: stores.operations });
    const rows = names.map((name) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`);
    await first.say(`\`\`\`\nsource_guid,target_upn,display_name\n${rows.join('\n')}\n\`\`\``);
    await first.idle();
    const submitted = await first.jobs.get('job1');
    assert.ok(submitted);
    await first.click('job.submit', { jobId: 'job1', contentHash: submitted.contentHash });
    await first.click('job.approve', { jobId: 'job1', contentHash: submitted.contentHash }, BOB);
    await first.idle();
    await stopping;
    assert.equal((await first.operations.load('job1'))?.state, 'running', 'the operation was saved mid-run');
    assert.notEqual((await first.jobs.get('job1'))?.items, null, 'the running job still keeps its rows');
    assert.equal(executor.callsFor(5), 0, 'the last row had not run before the restart');
    await stores.close();

    const { h, close } = await restart(dataDir, executor);
    await h.bot.resumeInterrupted();
    await h.idle();

    assertEachRowRanOnce(executor);
    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
    assert.deepEqual(await startedBy(h), [], 'not started again after the restart');
    assert.ok(h.audit.entries.some((entry) => entry.action === AUDIT_ACTIONS.jobResumed && entry.actor === 'system'));
    await close();
  });

  it('fails a running job whose rows are gone, telling the requester in one sentence, and runs nothing', async () => {
    const dataDir = await makeTempDir();
    await crashWith(dataDir, { ...markRunning(approvedJob()), items: null });
    const executor = new RecordingExecutor({ reconcile: false, turns: 1 });

    const { h, close } = await restart(dataDir, executor);
    await h.bot.resumeInterrupted();
    await h.idle();

    assert.equal(executor.calls.length, 0);
    assert.equal((await h.jobs.get('job1'))?.state, 'failed');
    const told = h.adapter.sent.map((entry) => entry.activity.text ?? '').filter((text) => text.includes('job1'));
    assert.equal(told.length, 1);
    assert.match(told[0] ?? '', /^Job job1 \(recovery\.csv\) was stopped after a restart .* none of them ran/);
    assert.ok(h.audit.entries.some((entry) => entry.action === AUDIT_ACTIONS.jobStopped && entry.actor === 'system'));
    await close();
  });
});
