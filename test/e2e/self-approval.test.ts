/**
 * Four eyes with self-approval off (ALLOW_SELF_APPROVAL=false), in the real Agents Playground: Alex, who sent
 * the file and is an approver too, cannot approve his own job, and nothing runs until Megan approves it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import {
  approveAs,
  buttonVerbs,
  openApproverView,
  submitForApproval,
  textOf,
  waitForSummary,
  writesOf,
} from './support/journey-steps.ts';
import { MEGAN, actionByVerb, type BotMessage } from './support/playground-client.ts';

const SAMPLE = readFileSync(new URL('../../src/bot/samples/recovery.csv', import.meta.url));
/** Longer than a progress update interval (1 s): a job that had started would have posted its progress card. */
const QUIET_MS = 2_500;

describe('approving one’s own job when self-approval is off', { timeout: 60_000 }, () => {
  let stack: E2eStack;
  let files: FileServer;

  before(async () => {
    files = await startFileServer();
    stack = await startE2eStack({ env: { ALLOW_SELF_APPROVAL: 'false' } });
  });

  after(async () => {
    await stack?.close();
    await files?.close();
  });

  it('refuses the requester’s approval with a clear sentence and starts nothing; another approver can approve', async () => {
    const { playground } = stack;
    await playground.uploadFile('recovery.csv', files.put('recovery.csv', SAMPLE));
    const validation = await playground.waitForCard('All 3 rows are ready', { timeoutMs: 20_000 });
    const approval = await submitForApproval(playground, validation);
    assert.match(textOf(approval), /Waiting for approval by the configured approvers\./);
    assert.doesNotMatch(textOf(approval), /Self-approval is allowed/);

    const view = await openApproverView(playground, approval);
    assert.deepEqual(buttonVerbs(view), ['job.approve', 'job.reject'], 'Alex is an approver, so he sees both');
    const refusedAt = Date.now();
    const refusal = await playground.click(view, actionByVerb(view, 'job.approve'));

    assert.ok(refusal.card !== undefined, `the answer is a card: ${refusal.text ?? ''}`);
    assert.match(textOf(refusal.card), /^You requested this job, so another approver must approve it\.\n/);
    assert.match(textOf(refusal.card), /Waiting for approval by the configured approvers\./);
    await delay(QUIET_MS);
    assert.deepEqual(cardsSince(stack, refusedAt), [], 'no progress card: the job did not start');
    assert.deepEqual(stack.sandbox.ledger(), [], 'nothing reached the tenant');

    const approvedAt = Date.now();
    await approveAs(playground, MEGAN, approval);
    const summary = await waitForSummary(playground, { after: approvedAt, timeoutMs: 20_000 });
    assert.match(textOf(summary), /All 3 rows completed\./);
    assert.equal(writesOf(stack.sandbox.ledger(), 'New-Mailbox').length, 3);
  });
});

function cardsSince(stack: E2eStack, since: number): BotMessage[] {
  return stack.playground.frames
    .filter((frame) => frame.receivedAt > since && frame.action !== 'typing')
    .map((frame) => frame.message);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
