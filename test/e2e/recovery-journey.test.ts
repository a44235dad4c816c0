/**
 * The whole journey of a recovery job in the real Agents Playground: a CSV sent in the personal chat, the
 * validation card, submit, approval by a second person, one progress card updated in place, the summary,
 * and a results file that matches what the tenant actually did.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import { actionByVerb, actionsOf, cardText, MEGAN, type Frame } from './support/playground-client.ts';

const SAMPLE = new URL('../../src/bot/samples/recovery.csv', import.meta.url);
const PROGRESS_WINDOW_MS = 1000; // PROGRESS_UPDATE_INTERVAL_SECONDS=1 in the stack

describe('a recovery job from a CSV sent in the Playground', () => {
  let stack: E2eStack;
  let files: FileServer;
  before(async () => {
    // Slow enough tenant calls that the progress card has several updates to coalesce.
    stack = await startE2eStack({ sandbox: { latencyMs: { mean: 250, jitter: 50 } } });
    files = await startFileServer();
  });
  after(async () => {
    await files?.close();
    await stack?.close();
  });

  it('validates, is approved by a second person, shows live progress and ends with results that match the tenant', async () => {
    const playground = stack.playground;
    const url = files.put('recovery.csv', await readFile(SAMPLE));
    await playground.uploadFile('recovery.csv', url);

    const validation = await playground.waitForCard('All 3 rows are ready');
    const counts = cardText(validation.attachments?.[0]?.content);
    assert.match(counts, /Rows in the file\n3\nReady\n3\n/);
    assert.match(counts, /Blocked\n0/);
    const submit = actionByVerb(validation, 'job.submit');

    const submitted = await playground.click(validation, submit);
    assert.ok(submitted.card, 'submitting replaces the validation card with the approval request');
    const approvalText = cardText(submitted.card.attachments?.[0]?.content);
    assert.match(approvalText, /Approval request: recovery of 3 mailboxes/);
    assert.match(approvalText, /Requested by\nAlex Wilber/);
    assert.deepEqual(stack.sandbox.ledger(), [], 'nothing is written to the tenant before the approval');

    // Megan's own card would carry the same job and content hash as the one Alex submitted.
    const approvedAt = Date.now();
    await playground.clickAs(MEGAN, submitted.card, { type: 'Action.Execute', verb: 'job.approve', data: submit.data });

    const summary = await playground.waitForCard('All 3 rows completed', { after: approvedAt });
    const summaryText = cardText(summary.attachments?.[0]?.content);
    assert.match(summaryText, /Completed\n3\nFailed\n0\nSkipped\n0/);

    const progress = playground.frames.filter(
      (frame) => frame.receivedAt >= approvedAt && /rows finished/.test(textOf(frame)),
    );
    const progressIds = new Set(progress.map((frame) => frame.message.messageId));
    assert.equal(progressIds.size, 1, 'one progress card, updated in place');
    assert.equal(progress[0]?.action, 'createMessage');
    const updates = progress.filter((frame) => frame.action === 'updateMessage');
    assert.ok(updates.length >= 2, `the card moved while the job ran (${updates.length} updates)`);
    assert.match(textOf(updates.at(-1)!), /100% done: 3 of 3 rows finished/);
    // Never more than one update per coalescing window (a little slack for delivery jitter on loopback).
    const gaps = updates.slice(1).map((frame, index) => frame.receivedAt - updates[index]!.receivedAt);
    assert.ok(
      gaps.every((gap) => gap >= PROGRESS_WINDOW_MS * 0.8),
      `updates ${PROGRESS_WINDOW_MS} ms apart at least, saw gaps of ${gaps.join(', ')} ms`,
    );

    const download = actionsOf(summary).find((action) => action.type === 'Action.OpenUrl');
    assert.ok(download?.url, 'the summary links to the results file');
    const response = await fetch(download.url);
    assert.equal(response.status, 200);
    const rows = parse(await response.text(), { columns: true, bom: true }) as Record<string, string>[];
    const created = stack.sandbox.ledger().filter((entry) => entry.operation === 'New-Mailbox');
    assert.equal(created.length, 3, 'each mailbox recovered once');
    assert.deepEqual(
      rows.map((row) => [row.source_identity, row.status, row.new_user_principal_name]).sort(),
      created.map((entry) => [entry.target, 'completed', String(entry.parameters.MicrosoftOnlineServicesID)]).sort(),
    );
  });
});

function textOf(frame: Frame): string {
  return (frame.message.attachments ?? []).map((attachment) => cardText(attachment.content)).join('\n');
}
