/**
 * One row of a recovery fails for good (a scripted tenant failure); the admin retries the failed row from the
 * summary in the real Agents Playground. The retry is a new job that needs approval again, and it recovers
 * that mailbox exactly once.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { LedgerEntry } from '../../src/sandbox/ledger.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import {
  approveAs,
  buttonVerbs,
  countIn,
  readLinkedCsv,
  submitForApproval,
  textOf,
  waitForSummary,
  writesOf,
} from './support/journey-steps.ts';
import { MEGAN, actionByVerb, type BotMessage, type InvokeAnswer } from './support/playground-client.ts';

const SAMPLE = readFileSync(new URL('../../src/bot/samples/recovery.csv', import.meta.url));
const JANET = '0f129ff0-5975-463d-a8ba-125359e390c8';

interface RetryJourney {
  firstSummary: BotMessage;
  retryAnswer: InvokeAnswer;
  retrySummary: BotMessage;
  retryResults: Record<string, string>[];
  ledger: LedgerEntry[];
}

describe('retrying the failed row of a recovery', { timeout: 90_000 }, () => {
  let stack: E2eStack | undefined;
  let files: FileServer | undefined;
  let journey: RetryJourney;

  before(async () => {
    files = await startFileServer();
    stack = await startE2eStack();
    journey = await failOneRowThenRetry(stack, files);
  });

  after(async () => {
    await stack?.close();
    await files?.close();
  });

  it("reports the failed row with the tenant's sentence and offers to retry it", () => {
    const summary = journey.firstSummary;
    assert.match(textOf(summary), /2 completed, 1 failed of 3 rows\./);
    assert.equal(countIn(summary, 'Failed'), 1);
    assert.match(textOf(summary), /Row 3: The sandbox was told to fail this call\./);
    assert.match(textOf(summary), /Retrying makes a new job, which needs approval again\./);
    assert.match(textOf(summary), /\nRetry the 1 failed row\n/);
    assert.ok(buttonVerbs(summary).includes('job.retry'));
  });

  it('turns the retry into a new approval request for the one failed row', () => {
    const card = journey.retryAnswer.card;
    assert.ok(card !== undefined, `the answer is a card: ${journey.retryAnswer.text ?? ''}`);
    assert.match(textOf(card), /^New job \w+ retries the failed row; it needs approval again\./);
    assert.match(textOf(card), /Approval request: recovery of 1 mailbox\n/);
    assert.match(textOf(card), /Waiting for approval by the configured approvers\./);
    assert.equal(countIn(card, 'Rows to run'), 1);
  });

  it('completes the row once it is approved, and says it retried the first job', () => {
    const firstJobId = /Job (\w+)\. Retrying/.exec(textOf(journey.firstSummary))?.[1];
    assert.match(textOf(journey.retrySummary), /All 1 row completed\./);
    assert.match(textOf(journey.retrySummary), new RegExp(`a retry of job ${firstJobId}\\.`));
    assert.deepEqual(buttonVerbs(journey.retrySummary), ['job.results'], 'nothing left to retry');
    assert.deepEqual(
      journey.retryResults.map((row) => [row.row_number, row.source_identity, row.status]),
      [['3', JANET, 'completed']],
    );
  });

  it('recovered the failed mailbox exactly once, and the others were not run again', () => {
    const recoveries = writesOf(journey.ledger, 'New-Mailbox');
    const janet = recoveries.filter((entry) => entry.target === JANET);
    assert.deepEqual(
      janet.map((entry) => [entry.outcome, entry.scripted ?? false]),
      [
        ['error', true],
        ['ok', false],
      ],
      'the refused call changed nothing; the retry is the one recovery',
    );
    const others = recoveries.filter((entry) => entry.target !== JANET);
    assert.equal(others.length, 2);
    assert.equal(new Set(others.map((entry) => entry.target)).size, 2);
    assert.ok(others.every((entry) => entry.outcome === 'ok'));
  });

  it('asks for approval without telling the admin to submit a job that is already submitted', () => {
    const card = journey.retryAnswer.card;
    assert.ok(card !== undefined);
    assert.doesNotMatch(textOf(card), /submit it for approval/);
  });
});

async function failOneRowThenRetry(stack: E2eStack, files: FileServer): Promise<RetryJourney> {
  const { playground } = stack;
  stack.sandbox.addScriptedFailure({ api: 'exchange', cmdlet: 'New-Mailbox', match: 'janet.jensen', times: 1 });
  await playground.uploadFile('recovery.csv', files.put('recovery.csv', SAMPLE));
  const validation = await playground.waitForCard('All 3 rows are ready', { timeoutMs: 20_000 });
  await approveAs(playground, MEGAN, await submitForApproval(playground, validation));
  const firstSummary = await waitForSummary(playground, { timeoutMs: 20_000 });

  const firstJobId = /Job (\w+)\. Retrying/.exec(textOf(firstSummary))?.[1] ?? '';
  const retryAnswer = await playground.click(firstSummary, actionByVerb(firstSummary, 'job.retry'));
  if (retryAnswer.card === undefined) throw new Error(`Retry showed no card: ${retryAnswer.text ?? ''}`);
  await approveAs(playground, MEGAN, retryAnswer.card);
  // The retry's own summary: it names the job it retries (the first summary is a summary card too).
  const retrySummary = await playground.waitForCard(`, a retry of job ${firstJobId}.`, { timeoutMs: 20_000 });
  return {
    firstSummary,
    retryAnswer,
    retrySummary,
    retryResults: await readLinkedCsv(retrySummary, 'Download results'),
    ledger: stack.sandbox.ledger(),
  };
}
