/**
 * An admin runs the sample restore ("sample restore") in the real Agents Playground: once approved, the
 * progress card follows the Exchange restore requests while they copy (4 s each here, polled every second)
 * and the summary comes when every request has ended. The tenant got one restore request per row.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { LedgerEntry } from '../../src/sandbox/ledger.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { fixtureRestoreOutcome } from './support/fixture-mailboxes.ts';
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
import { MEGAN, type BotMessage } from './support/playground-client.ts';

const SAMPLE = parse(readFileSync(new URL('../../src/bot/samples/restore.csv', import.meta.url)), {
  columns: true,
}) as { source_guid: string; target_mailbox: string; target_folder: string }[];
const RESTORE_SECTION = 'Restore requests';

interface RestoreJourney {
  validation: BotMessage;
  progressFrames: BotMessage[];
  summary: BotMessage;
  results: Record<string, string>[];
  ledger: LedgerEntry[];
}

describe('the sample restore, from "sample restore" to its summary', { timeout: 90_000 }, () => {
  let stack: E2eStack | undefined;
  let journey: RestoreJourney;

  before(async () => {
    stack = await startE2eStack();
    journey = await runSampleRestore(stack);
  });

  after(async () => {
    await stack?.close();
  });

  it('checks the sample and finds every row ready', () => {
    assert.match(textOf(journey.validation), /Restore file checked: 2 rows\n/);
    assert.match(textOf(journey.validation), /All 2 rows are ready/);
    assert.equal(countIn(journey.validation, 'Blocked'), 0);
  });

  it('shows the restore requests on the progress card while Exchange copies them', () => {
    const copying = journey.progressFrames.filter((card) => (countIn(card, 'In progress', RESTORE_SECTION) ?? 0) > 0);
    assert.ok(copying.length > 0, 'some update showed a request copying');
    assert.ok(
      copying.every((card) => /^Running$/m.test(textOf(card))),
      'the job runs while a request copies',
    );
    const last = journey.progressFrames.at(-1);
    assert.ok(last !== undefined);
    assert.match(textOf(last), /^Completed$/m);
    assert.equal(countIn(last, 'Completed', RESTORE_SECTION), SAMPLE.length);
    assert.equal(countIn(last, 'In progress', RESTORE_SECTION), 0);
    assert.equal(countIn(last, 'Submitted', RESTORE_SECTION), 0);
  });

  it('ends as the fixture says each restore request ends: all completed', () => {
    const outcomes = SAMPLE.map((row) => fixtureRestoreOutcome(row.source_guid, row.target_mailbox));
    assert.deepEqual(outcomes, ['Completed', 'Completed'], 'what the default fixture says of the sample rows');

    assert.match(textOf(journey.summary), /Restore of 2 mailboxes\nCompleted\n/);
    assert.match(textOf(journey.summary), /All 2 rows completed\./);
    assert.equal(countIn(journey.summary, 'Failed'), 0);
    assert.deepEqual(buttonVerbs(journey.summary), ['job.results']);
    assert.deepEqual(
      journey.results.map((row) => [row.source_identity, row.status, row.restore_status, row.percent_complete]),
      SAMPLE.map((row) => [row.source_guid, 'completed', 'Completed', '100']),
    );
  });

  it('made exactly one restore request per row, into the target folder the file names', () => {
    const requests = writesOf(journey.ledger, 'New-MailboxRestoreRequest');
    assert.deepEqual(
      // The rows run side by side, so the requests reach Exchange in either order.
      requests
        .map((entry) => [
          String(entry.parameters.SourceMailbox),
          String(entry.parameters.TargetRootFolder),
          entry.outcome,
        ])
        .sort(),
      SAMPLE.map((row) => [row.source_guid, row.target_folder, 'ok']).sort(),
    );
    assert.equal(new Set(requests.map((entry) => entry.parameters.Name)).size, SAMPLE.length, 'unique names');
  });
});

async function runSampleRestore(stack: E2eStack): Promise<RestoreJourney> {
  const { playground } = stack;
  await playground.say('sample restore');
  const validation = await playground.waitForCard(/Restore file checked: \d+ rows?\n/, { timeoutMs: 20_000 });
  await approveAs(playground, MEGAN, await submitForApproval(playground, validation));
  const summary = await waitForSummary(playground, { timeoutMs: 40_000 });
  const progressFrames = playground.frames
    .filter((frame) => frame.action !== 'typing' && textOf(frame.message).includes(`\n${RESTORE_SECTION}\n`))
    .map((frame) => frame.message);
  return {
    validation,
    progressFrames,
    summary,
    results: await readLinkedCsv(summary, 'Download results'),
    ledger: stack.sandbox.ledger(),
  };
}
