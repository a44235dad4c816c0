/**
 * Jobs stored before they recorded their approval request: an untouched one reads as never requested, and one
 * that carries the old channel-post claim reads as sent, so a click on its old card does not post it again.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStores } from '../../src/store/open-stores.ts';
import { makeJob } from '../operations/jobs/job-test-support.ts';
import { useTempDirs } from './store-test-support.ts';

async function storeOldJob(dataDir: string, cardActivityIds: Record<string, string>) {
  const { approvalRequest: _new, ...job } = { ...makeJob({ jobId: 'old-job' }), cardActivityIds };
  await mkdir(join(dataDir, 'jobs'), { recursive: true });
  await writeFile(join(dataDir, 'jobs', 'old-job.json'), JSON.stringify({ formatVersion: 1, job }));
  return job;
}

describe('a job stored before jobs recorded their approval request', () => {
  const makeTempDir = useTempDirs();

  it('reads as never requested', async () => {
    const dataDir = await makeTempDir();
    await storeOldJob(dataDir, { validation: 'act-1' });
    const stores = await openStores(dataDir);
    try {
      const job = await stores.jobs.get('old-job');
      assert.equal(job?.approvalRequest, null);
      assert.deepEqual(job?.cardActivityIds, { validation: 'act-1' });
    } finally {
      await stores.close();
    }
  });

  it('reads as sent to the approvers’ channel when it carries the old claim', async () => {
    const dataDir = await makeTempDir();
    const old = await storeOldJob(dataDir, { approvalChannelPost: 'posting-1234', approval: 'act-9' });
    const stores = await openStores(dataDir);
    try {
      const job = await stores.jobs.get('old-job');
      assert.deepEqual(job?.approvalRequest, {
        sentAt: old.createdAt,
        contentHash: old.contentHash,
        channelActivityId: 'act-9',
        approverActivityIds: {},
      });
      assert.deepEqual(job?.cardActivityIds, { approval: 'act-9' });
    } finally {
      await stores.close();
    }
  });
});
