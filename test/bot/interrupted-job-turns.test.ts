/**
 * `jobs` and `status` after a process was killed in the middle of a job: the job is shown as interrupted, with
 * what happens to it — the bot resumes it now (start-up recovery under way), resumed it at start-up, or, for a
 * job the command line ran, the command to finish it — never as plainly "running".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCommandLineJob } from '../../src/operations/jobs/command-line-job.ts';
import { guidFor } from '../fakes/fake-tenant.ts';
import { RecordingExecutor } from '../fakes/recording-executor.ts';
import { MemoryJobStore, makeSource } from '../operations/jobs/job-test-support.ts';
import { ANN, BOB, createHarness } from './support/bot-harness.ts';

type Harness = ReturnType<typeof createHarness>;

const NAMES = ['jdoe', 'mroe', 'asmith'];

/** What the bot answered to `text` (its messages and cards, as JSON). */
async function answerTo(h: Harness, text: string, from = ANN): Promise<string> {
  const before = h.adapter.sent.length;
  await h.say(text, { from });
  return h.adapter.sent
    .slice(before)
    .map((entry) => JSON.stringify(entry.activity))
    .join('\n');
}

/**
 * An executor whose rows wait until `release()`: the job stays running while the test looks at it. Rows found
 * in progress after the restart are reconciled as not done in the tenant, so they run again.
 */
function heldExecutor() {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { executor: new RecordingExecutor({ turns: 1, onExecute: () => released }), release };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('jobs and status after a restart interrupted a job', () => {
  it('say "interrupted by a restart, resumes now" until start-up recovery takes the job, then "resumed at start-up"', async () => {
    // The first process: Ann's job approved by Bob and running, when the process dies (its rows never finish).
    const first = heldExecutor();
    const before = createHarness({ executor: first.executor, mailboxes: NAMES });
    const rows = NAMES.map((name) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`);
    await before.say(`\`\`\`\nsource_guid,target_upn,display_name\n${rows.join('\n')}\n\`\`\``);
    const job = await before.jobs.get('job1');
    assert.ok(job);
    await before.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
    await before.click('job.approve', { jobId: 'job1', contentHash: job.contentHash }, BOB);
    await until(() => first.executor.calls.length > 0);
    const running = await answerTo(before, 'jobs');
    assert.match(running, /Job job1: recovery of 3 rows from [^,]+, running \(requested by/);
    assert.doesNotMatch(running, /interrupted/, 'a job this process started is simply running');

    // The restarted process, over the same stores, before its start-up recovery reached the job.
    const second = heldExecutor();
    const after = createHarness({
      executor: second.executor,
      mailboxes: NAMES,
      jobs: before.jobs,
      operations: before.operations,
    });
    const listed = await answerTo(after, 'jobs');
    assert.match(listed, /Job job1: recovery of 3 rows from [^,]+, interrupted by a restart, resumes now \(/);
    assert.doesNotMatch(listed, /, running/);
    const status = await answerTo(after, 'status job1');
    assert.match(status, /"Interrupted"/);
    assert.match(status, /Interrupted by a restart, resumes now\. Rows that were in progress are checked/);
    assert.doesNotMatch(status, /"Running"/);

    await after.bot.resumeInterrupted();
    await until(() => second.executor.calls.length > 0);
    assert.match(await answerTo(after, 'jobs'), /job1: .*, interrupted by a restart, resumed at start-up \(/);
    assert.match(await answerTo(after, 'status job1'), /Interrupted by a restart, resumed at start-up\./);

    second.release();
    await after.idle();
    const done = await answerTo(after, 'jobs');
    assert.match(done, /Job job1: .*, completed \(/);
    assert.doesNotMatch(done, /interrupted/);
  });

  it('tells an approver to finish a job the command line left interrupted with `mailbox-recovery resume`', async () => {
    const jobs = new MemoryJobStore();
    const source = makeSource({ jobId: 'cli-job-1', ready: 2 });
    await jobs.put(createCommandLineJob(source, source.ready, 'admin', new Date('2025-01-06T09:00:00.000Z')));
    const h = createHarness({ jobs });
    await h.bot.resumeInterrupted();
    const listed = await answerTo(h, 'jobs', BOB);
    assert.match(
      listed,
      /Job cli-job-1: recovery of 2 rows from recovery\.csv, interrupted: the command line ran it, so run `mailbox-recovery resume cli-job-1` there to finish it/,
    );
  });
});
