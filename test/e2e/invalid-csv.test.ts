/**
 * An admin sends files the bot must refuse, through the real Agents Playground: each answer names what is
 * wrong in words the admin can act on, offers no way to run a blocked row, and nothing reaches the tenant.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import { buttonVerbs, countIn, readLinkedCsv, textOf } from './support/journey-steps.ts';
import { actionByVerb, type BotMessage } from './support/playground-client.ts';

const HEADER = 'source_guid,target_upn,display_name';
const JANE = '13020234-7895-46a4-9ff9-4bb8f7aca20c';
const SAMUEL = '4b5c9af5-9e89-44e7-b360-14e7354649ba';

describe('an invalid CSV sent to the bot in the Playground', { timeout: 60_000 }, () => {
  let stack: E2eStack;
  let files: FileServer;
  let unreadableCard: BotMessage | undefined;
  let untypedCard: BotMessage | undefined;

  before(async () => {
    files = await startFileServer();
    stack = await startE2eStack();
  });

  after(async () => {
    await stack?.close();
    await files?.close();
  });

  /** Sends `content` as a file and answers the card that replaces "Checking…". */
  async function sendAndWaitForSummary(name: string, content: string | Uint8Array): Promise<BotMessage> {
    const sentAt = Date.now();
    await stack.playground.uploadFile(name, files.put(name, content));
    return stack.playground.waitForCard(new RegExp(`checked: \\d+ rows?\\n${name.replace('.', '\\.')}\\n`), {
      after: sentAt,
      timeoutMs: 20_000,
    });
  }

  it('names each blocked row as the admin counts them (header = row 1), with its reason, and offers only the ready rows', async () => {
    const csv = [
      HEADER,
      `${JANE},jane.schmidt@contoso.com,Jane Schmidt`,
      'not-a-guid,janet.jensen@contoso.com,Janet Jensen',
      `${SAMUEL},,Samuel Perry`,
      `${JANE},jane.other@contoso.com,Jane Other`,
    ].join('\n');

    const card = await sendAndWaitForSummary('leavers.csv', `${csv}\n`);
    const text = textOf(card);

    assert.match(text, /3 of 4 rows are blocked; 1 is ready\./);
    assert.equal(countIn(card, 'Blocked'), 3);
    assert.equal(countIn(card, 'Ready'), 1);
    assert.match(text, /Row 3\nsource_guid\nsource_guid "not-a-guid" is not an ExchangeGuid/);
    assert.match(text, /Row 4\ntarget_upn\ntarget_upn is empty, but every recovery row needs one\./);
    assert.match(text, new RegExp(`Row 5\\nsource_guid\\nRow 5 repeats source ${JANE} already on row 2\\.`));

    assert.deepEqual(buttonVerbs(card), ['job.submitReady'], 'no "Submit for approval" of the whole file');
    assert.match(text, /\nSubmit only the 1 ready row$/m);

    const report = await readLinkedCsv(card, 'Full report (CSV)');
    assert.deepEqual(
      report.map((row) => [row.source_guid, row.status]),
      [
        [JANE, 'warning'],
        ['not-a-guid', 'blocked'],
        [SAMUEL, 'blocked'],
        [JANE, 'blocked'],
      ],
    );
    assert.match(report[1]?.issues ?? '', /^INVALID_GUID \(source_guid\)/);
    assert.match(report[2]?.issues ?? '', /MISSING_VALUE \(target_upn\)/);
    assert.match(report[3]?.issues ?? '', /DUPLICATE_SOURCE \(source_guid\)/);
    assert.deepEqual(stack.sandbox.ledger(), [], 'nothing was written to the tenant');
  });

  it('offers no submission at all when every row is blocked', async () => {
    const csv = [HEADER, 'not-a-guid,,Nobody', `${SAMUEL},not an address,Samuel Perry`].join('\n');

    const card = await sendAndWaitForSummary('all-bad.csv', `${csv}\n`);

    assert.match(textOf(card), /Nothing can run: all 2 rows are blocked\./);
    assert.match(textOf(card), /Fix the blocked rows \(the full report lists each one\) and send the file again\./);
    assert.deepEqual(buttonVerbs(card), []);
    assert.deepEqual(stack.sandbox.ledger(), []);
  });

  it('says in one sentence which column a misnamed header lacks', async () => {
    const card = await sendAndWaitForSummary(
      'renamed.csv',
      `mailbox,target_upn,display_name\n${JANE},jane.schmidt@contoso.com,Jane Schmidt\n`,
    );

    assert.match(
      textOf(card),
      /The recovery file has no source_guid column\. It needs source_guid, target_upn and display_name, and the first line must be the header\./,
    );
    assert.match(textOf(card), /Nothing can run: the row is blocked\./);
    assert.deepEqual(buttonVerbs(card), []);
    assert.deepEqual(stack.sandbox.ledger(), []);
  });

  it('says in one sentence that a file with an unclosed quote cannot be read as CSV', async () => {
    const card = await sendAndWaitForSummary('quoted.csv', `${HEADER}\n"${JANE},jane.schmidt@contoso.com,Jane\n`);
    unreadableCard = card;

    assert.match(
      textOf(card),
      /The file could not be read as CSV from line 2 on\. Check that line for a stray double quote \("\) or a quoted value that is never closed\./,
    );
    assert.deepEqual(buttonVerbs(card), []);
    assert.deepEqual(stack.sandbox.ledger(), []);
  });

  it('does not call a file it could not read "a file with no data rows"', () => {
    assert.ok(unreadableCard !== undefined);
    assert.doesNotMatch(textOf(unreadableCard), /The file has no data rows\./);
  });

  it('asks what the file is for when no column names an operation, and runs nothing', async () => {
    const sentAt = Date.now();
    await stack.playground.uploadFile('people.csv', files.put('people.csv', 'name,email\nJane,jane@contoso.com\n'));

    const card = await stack.playground.waitForCard('What is this file for?', { after: sentAt, timeoutMs: 20_000 });
    untypedCard = card;

    assert.match(textOf(card), /I could not tell from the columns of people\.csv \(\d+ rows?\) what to do with it\./);
    assert.deepEqual(buttonVerbs(card), ['job.chooseType']);
    assert.deepEqual(stack.sandbox.ledger(), []);
  });

  it('counts the data rows of a file whose type it asks about', () => {
    assert.ok(untypedCard !== undefined);
    assert.match(textOf(untypedCard), /people\.csv \(1 row\)/);
  });

  it('answers the type choice at once and follows with the validation of the file as that type', async () => {
    assert.ok(untypedCard !== undefined);
    const choose = actionByVerb(untypedCard, 'job.chooseType');
    const clickedAt = Date.now();

    const answer = await stack.playground.click(untypedCard, { ...choose, data: { ...choose.data, type: 'validate' } });

    assert.match(textOf(answer.card), /Checking it as validate: the summary follows below\./);
    const summary = await stack.playground.waitForCard(/Validation file checked: 1 row\npeople\.csv/, {
      after: clickedAt,
      timeoutMs: 20_000,
    });
    assert.match(textOf(summary), /Nothing can run: the row is blocked\./);
    assert.deepEqual(stack.sandbox.ledger(), []);
  });

  it('says in one sentence that a binary file is not CSV', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

    const card = await sendAndWaitForSummary('photo.csv', png);

    assert.match(textOf(card), /This file is binary, not CSV text\./);
    assert.deepEqual(buttonVerbs(card), []);
    assert.deepEqual(stack.sandbox.ledger(), []);
  });

  it('says in one sentence that the link opened a web page instead of the file', async () => {
    const sentAt = Date.now();
    const page = '<!DOCTYPE html><html><body>Sign in to your account</body></html>\n';
    await stack.playground.uploadFile('export.csv', files.put('export.csv', page));

    // The refusal replaces the file's own "Checking export.csv…" card: one sentence, on that card.
    const card = await stack.playground.waitForCard(/The file link opened a sharing page instead of the file/, {
      after: sentAt,
      timeoutMs: 20_000,
    });

    assert.match(
      textOf(card),
      /The file link opened a sharing page instead of the file; send it from Teams on a desktop or paste its text\./,
    );
    assert.deepEqual(buttonVerbs(card), []);
    const checking = stack.playground.frames.find(
      (frame) => frame.receivedAt >= sentAt && /Checking export\.csv…/.test(textOf(frame.message)),
    );
    assert.equal(checking?.message.messageId, card.messageId, 'the sentence is on the card that said “Checking…”');
    assert.deepEqual(stack.sandbox.ledger(), []);
  });
});
