import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BULK_OPERATION_CONFIG } from '../../src/operations/bulk-config.ts';
import { guidFor } from '../fakes/fake-tenant.ts';
import { RecordingExecutor } from '../fakes/recording-executor.ts';
import { BOB, createHarness } from './support/bot-harness.ts';

const NAMES = ['jdoe', 'mroe', 'asmith', 'bjones'];

describe('how the bot runs an approved job', () => {
  it('runs it with the BULK_* settings: rows side by side up to the configured concurrency', async () => {
    const executor = new RecordingExecutor({
      reconcile: false,
      turns: 1,
      // Real time, briefly: rows overlap only if the engine lets them.
      onExecute: () => new Promise((resolve) => setTimeout(resolve, 20)),
    });
    const h = createHarness({
      executor,
      mailboxes: NAMES,
      settings: {
        bulk: {
          ...DEFAULT_BULK_OPERATION_CONFIG,
          parallelExecution: true,
          maxConcurrency: 2,
          delayBetweenBatches: 0,
        },
      },
    });
    const rows = NAMES.map((name) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`);
    await h.say(`\`\`\`\nsource_guid,target_upn,display_name\n${rows.join('\n')}\n\`\`\``);
    const job = await h.jobs.get('job1');
    assert.equal(job?.rowCounts.ready, 4);
    await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
    await h.click('job.approve', { jobId: 'job1', contentHash: job.contentHash }, BOB);
    await h.idle();

    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
    assert.equal(executor.maxInFlight, 2);
  });
});
