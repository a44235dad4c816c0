/**
 * `mailbox-recovery jobs`: a job a killed process left approved or running is listed as interrupted with what
 * happens to it — `mailbox-recovery resume <id>` for the command line's, the bot's own restart for the bot's —
 * never as "running", while finished jobs keep their state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runJobsCommand } from '../../src/cli/commands/jobs.ts';
import { EXIT } from '../../src/cli/io.ts';
import { loadConfig } from '../../src/config.ts';
import { createCommandLineJob } from '../../src/operations/jobs/command-line-job.ts';
import { applyDecision, createJobRecord, markRunning, submitJob } from '../../src/operations/jobs/job-lifecycle.ts';
import type { JobRecord } from '../../src/operations/jobs/job-record.ts';
import { openStores } from '../../src/store/open-stores.ts';
import { ANN, BOB, makeSource } from '../operations/jobs/job-test-support.ts';
import { useTempDirs } from '../store/store-test-support.ts';

const AT = new Date('2025-01-06T09:00:00.000Z');

function commandLineJob(jobId: string): JobRecord {
  const source = makeSource({ jobId, ready: 2 });
  return createCommandLineJob(source, source.ready, 'admin', AT);
}

/** A Teams job Bob approved, running when the bot stopped. */
function botJob(jobId: string): JobRecord {
  const job = createJobRecord(makeSource({ jobId, ready: 3 }), ANN, { id: 'a:ann', kind: 'personal' }, AT);
  const submitted = submitJob(job, { by: ANN, at: AT, readyOnly: false, requiredApprovals: 1 });
  return markRunning(
    applyDecision(submitted, { by: BOB, at: AT.toISOString(), action: 'approve', selfApproved: false }),
  );
}

async function listJobs(dataDir: string, jobs: JobRecord[]): Promise<{ code: number; out: string }> {
  const stores = await openStores(dataDir);
  for (const job of jobs) await stores.jobs.put(job);
  await stores.close();
  let out = '';
  const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: (text: string) => (out += text) } };
  const code = await runJobsCommand(['--data-dir', dataDir], io, loadConfig({}));
  return { code, out };
}

describe('mailbox-recovery jobs', () => {
  const makeTempDir = useTempDirs();

  it('lists a job a killed run left behind as interrupted, with the resume command to finish it', async () => {
    const { code, out } = await listJobs(await makeTempDir(), [markRunning(commandLineJob('cli-1'))]);
    assert.match(
      out,
      /^cli-1 +interrupted +recovery +2 row\(s\) .*\(command line\): run `mailbox-recovery resume cli-1` to finish it$/m,
    );
    assert.doesNotMatch(out, /running/);
    assert.equal(code, EXIT.problems, 'a job is left to finish');
  });

  it('lists a bot job left running as interrupted, resumed by the bot when it starts', async () => {
    const { code, out } = await listJobs(await makeTempDir(), [botJob('bot-1')]);
    assert.match(
      out,
      /^bot-1 +interrupted +recovery +3 row\(s\) .*\(Ann Requester\): the bot resumes it when it starts$/m,
    );
    assert.doesNotMatch(out, /running|mailbox-recovery resume/);
    assert.equal(code, EXIT.ok, 'nothing for the command line to do');
  });

  it('keeps the state of a job that is not interrupted', async () => {
    const submitted = { ...botJob('bot-2'), state: 'submitted' as const, decision: null };
    const { out } = await listJobs(await makeTempDir(), [submitted]);
    assert.match(out, /^bot-2 +submitted +recovery/m);
    assert.doesNotMatch(out, /interrupted/);
  });
});
