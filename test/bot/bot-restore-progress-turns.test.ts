import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guidFor } from '../fakes/fake-tenant.ts';
import { RecordingExecutor } from '../fakes/recording-executor.ts';
import { ManualClock } from './progress/manual-clock.ts';
import type { RecordedActivity } from './support/recording-adapter.ts';
import { BOB, createHarness } from './support/bot-harness.ts';

const NAMES = ['jdoe', 'mroe', 'asmith'];

function cardText(entry: RecordedActivity | undefined): string {
  return JSON.stringify(entry?.activity.attachments?.[0]?.content ?? null);
}

/** The "Restore requests" facts of a progress card, as the user reads them. */
function restoreFacts(text: string): string | undefined {
  const facts = /"text":"Restore requests".*?"facts":(\[[^\]]*\])/.exec(text)?.[1];
  if (facts === undefined) return undefined;
  return (JSON.parse(facts) as { title: string; value: string }[]).map((f) => `${f.title} ${f.value}`).join(', ');
}

describe('a running restore job in Teams', () => {
  it('tracks the restore rows side by side and shows how many requests are submitted, copying and completed', async () => {
    const clock = new ManualClock();
    // Row 2's request waits in Exchange's queue, row 3's copies; both take a while, row 4's finishes at once.
    let executor: RecordingExecutor | undefined;
    const h = createHarness({
      clock,
      mailboxes: NAMES,
      executor: (c) =>
        (executor = new RecordingExecutor({
          reconcile: false,
          turns: 1,
          onExecute: async (item, context) => {
            if (item.rowNumber === 2)
              await context.saveCheckpoint({ step: 'submitted', requestGuid: 'r2', name: 'n2' });
            if (item.rowNumber === 3)
              await context.saveCheckpoint({ step: 'tracking', status: 'InProgress', percentComplete: 40 });
            if (item.rowNumber !== 4) await c.sleep(60_000);
          },
        })),
    });
    const rows = NAMES.map((name) => `${guidFor(`inactive:${name}`)},${guidFor(`target:${name}`)}`);
    await h.say(`\`\`\`\nsource_guid,target_mailbox\n${rows.join('\n')}\n\`\`\``);
    const job = await h.jobs.get('job1');
    assert.equal(job?.type, 'restore');
    assert.equal(job?.rowCounts.ready, 3);
    await h.click('job.submit', { jobId: 'job1', contentHash: job?.contentHash });
    await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
    let settled = false;
    void h.idle().then(() => (settled = true));
    for (let step = 0; step < 400 && !settled; step += 1) await clock.advanceBy(500);
    assert.ok(settled, 'the job finished');

    const cards = [...h.adapter.sent, ...h.adapter.updated]
      .map(cardText)
      .filter((text) => text.includes('job.progress.refresh') || text.includes('Restore requests'));
    const seen = cards.map(restoreFacts);
    const saw = `saw: ${seen.join(' | ')}`;
    // A restore row waits hours on Exchange's copy: the rows do not wait for each other.
    assert.equal(executor?.maxInFlight, 3, 'all three rows were tracked at once');
    assert.ok(
      seen.includes('Submitted 1, In progress 1, Completed 1, Copied (average) 46.7%'),
      `one queued (0 %), one copying (40 %), one done (100 %) (${saw})`,
    );
    assert.equal(
      seen.at(-1),
      'Submitted 0, In progress 0, Completed 3, Copied (average) 100%',
      'the final card shows all requests done',
    );
  });
});
