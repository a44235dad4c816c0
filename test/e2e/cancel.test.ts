/**
 * An admin cancels a recovery while it runs, from the progress card in the real Agents Playground: the rows
 * in flight finish, the rest are skipped, and the tenant got exactly one New-Mailbox per completed row.
 * Tenant calls take ~300 ms here, so a row takes about a second and the job is still running when clicked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LedgerEntry } from '../../src/sandbox/ledger.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import { pickRecoverableMailboxes, toRecoveryCsv, type RecoveryRow } from './support/fixture-mailboxes.ts';
import {
  approveAs,
  buttonVerbs,
  countIn,
  readLinkedCsv,
  submitForApproval,
  textOf,
  waitForProgress,
  waitForSummary,
  writesOf,
} from './support/journey-steps.ts';
import { MEGAN, actionByVerb, type BotMessage, type InvokeAnswer } from './support/playground-client.ts';

const ROWS = 8;

interface CancelledJourney {
  rows: RecoveryRow[];
  validation: BotMessage;
  clickedProgress: BotMessage;
  cancelAnswer: InvokeAnswer;
  finalProgress: BotMessage;
  summary: BotMessage;
  results: Record<string, string>[];
  /** Retry of the skipped rows, clicked on the summary, approved by Megan. */
  retryAnswer: InvokeAnswer;
  retrySummary: BotMessage;
  retryResults: Record<string, string>[];
  /** The tenant's writes up to the cancelled job's summary. */
  ledger: LedgerEntry[];
  /** …and after the retry too. */
  ledgerAfterRetry: LedgerEntry[];
}

describe('cancelling a running recovery from its progress card', { timeout: 90_000 }, () => {
  let stack: E2eStack | undefined;
  let files: FileServer | undefined;
  let journey: CancelledJourney;

  before(async () => {
    files = await startFileServer();
    stack = await startE2eStack({ sandbox: { latencyMs: { mean: 300, jitter: 50 } } });
    journey = await cancelMidRun(stack, files);
  });

  after(async () => {
    await stack?.close();
    await files?.close();
  });

  it('starts from a file whose rows are all ready', () => {
    assert.match(textOf(journey.validation), new RegExp(`All ${ROWS} rows are ready`));
    assert.equal(countIn(journey.validation, 'Blocked'), 0);
  });

  it('tells the admin at once that the rows in flight finish and no new rows start', () => {
    const jobId = journey.cancelAnswer.card && /Job (\w+)\./.exec(textOf(journey.cancelAnswer.card))?.[1];
    assert.ok(jobId !== undefined, `the answer is a card: ${journey.cancelAnswer.text ?? ''}`);
    assert.match(
      textOf(journey.cancelAnswer.card),
      new RegExp(`^Cancelling job ${jobId}: the rows in flight finish, no new rows start\\.`),
    );
  });

  it('shows the pending rows as skipped on the summary and the final progress card', () => {
    const completed = countIn(journey.summary, 'Completed') ?? -1;
    const skipped = countIn(journey.summary, 'Skipped') ?? -1;
    assert.ok(completed >= 1 && skipped >= 1, textOf(journey.summary));
    assert.equal(completed + skipped, ROWS);
    assert.equal(countIn(journey.summary, 'Failed'), 0);
    assert.match(textOf(journey.summary), /^Cancelled$/m);
    assert.match(
      textOf(journey.summary),
      new RegExp(`Cancelled: ${completed} completed, ${skipped} skipped of ${ROWS} rows\\.`),
    );
    assert.match(textOf(journey.summary), /Stopped early: The job was cancelled by /);
    assert.deepEqual(buttonVerbs(journey.summary), ['job.retry', 'job.results'], 'the skipped rows can be retried');

    assert.match(textOf(journey.finalProgress), /^Cancelled$/m);
    assert.equal(countIn(journey.finalProgress, 'Skipped'), skipped);
    assert.equal(countIn(journey.finalProgress, 'Pending'), 0);
    assert.deepEqual(buttonVerbs(journey.finalProgress), [], 'a finished job offers neither Cancel nor Refresh');
  });

  it('lists every row in the results file: the first ones completed, the rest skipped as cancelled', () => {
    const completed = countIn(journey.summary, 'Completed') ?? -1;
    assert.deepEqual(
      journey.results.map((row) => [row.source_identity, row.status]),
      journey.rows.map((row, index) => [row.sourceGuid, index < completed ? 'completed' : 'skipped']),
    );
    for (const row of journey.results.filter((result) => result.status === 'skipped')) {
      assert.match(row.error ?? '', /Not run: the job was cancelled by /);
    }
  });

  it('recovered in the tenant exactly the completed rows, each once', () => {
    const completedSources = journey.results
      .filter((row) => row.status === 'completed')
      .map((row) => row.source_identity);
    const recoveries = writesOf(journey.ledger, 'New-Mailbox');
    assert.deepEqual(
      recoveries.map((entry) => [entry.target, entry.outcome]),
      completedSources.map((source) => [source, 'ok']),
    );
  });

  it('says "Cancelling" on the clicked card and no longer offers Cancel', () => {
    const card = journey.cancelAnswer.card;
    assert.ok(card !== undefined);
    assert.match(textOf(card), /^Cancelling$/m);
    assert.ok(!buttonVerbs(card).includes('job.cancel'), `the card still offers ${buttonVerbs(card).join(', ')}`);
  });

  it('gives the true share done of a cancelled job, not 100%, and the success rate over the rows attempted', () => {
    const completed = countIn(journey.summary, 'Completed') ?? -1;
    const percent = `${Math.round((completed / ROWS) * 1000) / 10}%`;
    assert.match(
      textOf(journey.finalProgress),
      new RegExp(`${percent.replace('.', '\\.')} done: ${completed} of ${ROWS} rows finished`),
    );
    assert.doesNotMatch(textOf(journey.finalProgress), /100% done/);
    assert.match(textOf(journey.summary), new RegExp(`\nSuccess rate\n100% of ${completed} rows? attempted\n`));
  });

  it('retries the skipped rows as a new job that needs approval, and recovers each of them once', () => {
    const skipped = journey.results.filter((row) => row.status === 'skipped');
    const card = journey.retryAnswer.card;
    assert.ok(card !== undefined, `the answer is a card: ${journey.retryAnswer.text ?? ''}`);
    assert.match(
      textOf(card),
      new RegExp(
        `^New job \\w+ retries the ${skipped.length === 1 ? 'skipped row' : `${skipped.length} skipped rows`}; it needs approval again\\.`,
      ),
    );
    assert.equal(countIn(card, 'Rows to run'), skipped.length);

    assert.match(textOf(journey.retrySummary), new RegExp(`All ${skipped.length} rows? completed\\.`));
    assert.deepEqual(
      journey.retryResults.map((row) => [row.source_identity, row.status]),
      skipped.map((row) => [row.source_identity, 'completed']),
    );
    const recoveries = writesOf(journey.ledgerAfterRetry, 'New-Mailbox');
    assert.deepEqual(
      [...recoveries.map((entry) => entry.target)].sort(),
      [...journey.rows.map((row) => row.sourceGuid)].sort(),
      'every row of the file recovered exactly once, across the two jobs',
    );
  });

  it('names who cancelled by their name, not their Teams id', () => {
    assert.match(textOf(journey.summary), /Stopped early: The job was cancelled by Alex Wilber\./);
  });
});

async function cancelMidRun(stack: E2eStack, files: FileServer): Promise<CancelledJourney> {
  const { playground } = stack;
  const rows = pickRecoverableMailboxes(ROWS);
  await playground.uploadFile('leavers.csv', files.put('leavers.csv', toRecoveryCsv(rows)));
  const validation = await playground.waitForCard(/Recovery file checked: \d+ rows/, { timeoutMs: 20_000 });
  const approval = await submitForApproval(playground, validation);
  await approveAs(playground, MEGAN, approval);

  const clickedProgress = await waitForProgress(
    playground,
    (card) => (countIn(card, 'Completed') ?? 0) >= 1 && buttonVerbs(card).includes('job.cancel'),
    { timeoutMs: 20_000 },
  );
  const cancelAnswer = await playground.click(clickedProgress, actionByVerb(clickedProgress, 'job.cancel'));
  const summary = await waitForSummary(playground, { timeoutMs: 20_000 });
  const progressFrames = playground.frames.filter((frame) => frame.message.messageId === clickedProgress.messageId);
  const finalProgress = progressFrames.at(-1)?.message ?? clickedProgress;
  const results = await readLinkedCsv(summary, 'Download results');
  // The journey's ledger so far, for the tests of the cancel itself; the retry's writes come after.
  const cancelledLedger = stack.sandbox.ledger();

  const firstJobId = /Job (\w+)\. Retrying/.exec(textOf(summary))?.[1] ?? '';
  const retryAnswer = await playground.click(summary, actionByVerb(summary, 'job.retry'));
  if (retryAnswer.card === undefined) throw new Error(`Retry showed no card: ${retryAnswer.text ?? ''}`);
  await approveAs(playground, MEGAN, retryAnswer.card);
  const retrySummary = await playground.waitForCard(`, a retry of job ${firstJobId}.`, { timeoutMs: 30_000 });
  return {
    rows,
    validation,
    clickedProgress,
    cancelAnswer,
    finalProgress,
    summary,
    results,
    retryAnswer,
    retrySummary,
    retryResults: await readLinkedCsv(retrySummary, 'Download results'),
    ledger: cancelledLedger,
    ledgerAfterRetry: stack.sandbox.ledger(),
  };
}
