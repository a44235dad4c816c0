/**
 * The four-eyes state machine as requester and approver meet it in the real Agents Playground, with
 * self-approval off (ALLOW_SELF_APPROVAL=false): Alex sends the files, Megan (the second Playground user)
 * approves or rejects. Each test reads only what a person sees: the cards, the answers to clicks, the messages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import { DEFAULT_SANDBOX_FIXTURE } from '../../src/wiring/bot-tenant.ts';
import { pickRecoverableMailboxes, toRecoveryCsv, type RecoveryRow } from './support/fixture-mailboxes.ts';
import {
  buttonVerbs,
  readLinkedCsv,
  submitForApproval,
  textOf,
  waitForSummary,
  writesOf,
} from './support/journey-steps.ts';
import { MEGAN, actionByVerb, type BotMessage, type InvokeAnswer } from './support/playground-client.ts';

const SAMPLE = readFileSync(new URL('../../src/bot/samples/recovery.csv', import.meta.url));
/** Cleanly recoverable fixture mailboxes; each test takes its own, so one test's recovery blocks no other's rows. */
const MAILBOXES = pickRecoverableMailboxes(9);
const mailboxes = (from: number, to: number) => MAILBOXES.slice(from, to);
/** Longer than a progress update interval (1 s): a job that had started would have posted its progress card. */
const QUIET_MS = 2_500;

describe('four eyes in the Playground: submit, then another person decides', { timeout: 180_000 }, () => {
  let stack: E2eStack;
  let files: FileServer;
  let log: PlaygroundLog;

  before(async () => {
    files = await startFileServer();
    stack = await startE2eStack({ env: { ALLOW_SELF_APPROVAL: 'false' } });
    log = await PlaygroundLog.open(stack.playground.url);
  });

  after(async () => {
    log?.close();
    await stack?.close();
    await files?.close();
  });

  /** Sends `content` as `name` and answers the validation card that replaces "Checking…". */
  async function sendFile(name: string, content: string | Uint8Array): Promise<BotMessage> {
    const sentAt = Date.now();
    await stack.playground.uploadFile(name, files.put(name, content));
    return stack.playground.waitForCard(new RegExp(`file checked: \\d+ rows?\\n${name.replace('.', '\\.')}\\n`), {
      after: sentAt,
      timeoutMs: 30_000,
    });
  }

  /**
   * Megan clicks an Action.Execute button on her own copy of a card: the README's custom activity (no
   * `replyToId`, so the requester's card is not the clicked one). The Playground shows the bot's answer to a
   * custom activity in its log panel only, so that is where it is read.
   */
  async function megan(verb: string, data: Record<string, unknown>): Promise<InvokeAnswer> {
    const id = `four-eyes-${++sent}`;
    await stack.playground.sendCustomActivity({
      id,
      type: 'invoke',
      name: 'adaptiveCard/action',
      from: { id: MEGAN.id, name: MEGAN.name },
      value: { action: { type: 'Action.Execute', verb, data } },
    });
    return invokeAnswer(await log.responseTo(id));
  }
  let sent = 0;

  // First in the file: until Megan writes to the bot (here or by a click), it has no chat to reach her in.
  it('tells the requester that the approver was not reached until she has talked to the bot, then sends it to her', async () => {
    const validation = await sendFile('tell-megan.csv', toRecoveryCsv(mailboxes(8, 9)));
    const first = await stack.playground.click(validation, actionByVerb(validation, 'job.submit'));
    assert.ok(first.card !== undefined, `submitting showed a card: ${first.text ?? ''}`);
    assert.match(
      textOf(first.card),
      /No approver has been told yet: 1 approver has not talked to me yet \(user-id-1\)\. Click Submit again once they can be reached\./,
    );
    assert.ok(buttonVerbs(first.card).includes('job.submit'), 'Submit is offered again');

    // Megan says hello (the Playground's chat box speaks for its current user only, so as a custom activity).
    const hello = `four-eyes-${++sent}`;
    await stack.playground.sendCustomActivity({ id: hello, type: 'message', text: 'hi', from: MEGAN });
    await log.responseTo(hello);

    const again = await stack.playground.click(first.card, actionByVerb(first.card, 'job.submit'));
    assert.ok(again.card !== undefined, `submitting again showed a card: ${again.text ?? ''}`);
    assert.match(textOf(again.card), /Sent to 1 approver\./);
    assert.doesNotMatch(textOf(again.card), /not talked to me yet/);

    const { jobId, contentHash } = shownIds(validation);
    const approvedAt = Date.now();
    const answer = await megan('job.approve', { jobId, contentHash });
    assert.match(answer.text ?? textOf(answer.card), /Approved by Megan Bowen/);
    const summary = await waitForSummary(stack.playground, { after: approvedAt, timeoutMs: 30_000 });
    assert.match(textOf(summary), /All 1 row completed\./);
  });

  it('refuses an approval of a job its requester has not submitted, and nothing reaches the tenant', async () => {
    const ledgerBefore = stack.sandbox.ledger().length;
    const validation = await sendFile('recovery.csv', SAMPLE);
    const { jobId, contentHash } = shownIds(validation);
    assert.ok(buttonVerbs(validation).includes('job.submit'), 'the requester could still submit it');

    const triedAt = Date.now();
    const answer = await megan('job.approve', { jobId, contentHash });

    const said = answer.text ?? textOf(answer.card);
    assert.match(said, /The requester has not submitted this job yet, so it cannot be decided/);
    assert.match(said, /Not submitted yet: the requester has not asked for approval, so nobody can approve it\./);
    assert.doesNotMatch(said, /Approved by/);
    assert.ok(answer.card === undefined || !buttonVerbs(answer.card).includes('job.approve'), 'no Approve offered');
    await delay(QUIET_MS);
    assert.deepEqual(cardsSince(stack, triedAt), [], 'no progress card, no summary: nothing started');
    assert.equal(stack.sandbox.ledger().length, ledgerBefore, 'nothing was written to the tenant');
  });

  it('names the one blocked row at the end of a file whose other rows all carry warnings', async () => {
    const ledgerBefore = stack.sandbox.ledger().length;
    const warned = heldMailboxes(38); // every inactive mailbox of the fixture is under a hold
    const csv = `${toRecoveryCsv(warned)}not-a-guid,late.leaver@contoso.com,Late Leaver\n`; // file line 40

    const card = await sendFile('many-warnings.csv', csv);
    const text = textOf(card);

    assert.match(text, /1 of 39 rows is blocked; 38 are ready\./);
    // Two per row: HOLDS_PRESENT, and PRIMARY_SMTP_FROM_UPN since each row recovers into a new UPN without a
    // target_smtp, so Exchange gives the mailbox that UPN as its primary address (issue 11).
    assert.match(text, /Warnings by code \(76 warnings\)/, `the warnings are there:\n${text}`);
    assert.match(text, /Row 40\nsource_guid\nsource_guid "not-a-guid" is not an ExchangeGuid/);
    assert.deepEqual(buttonVerbs(card), ['job.submitReady'], 'the whole file cannot be submitted');
    assert.equal(stack.sandbox.ledger().length, ledgerBefore, 'validation writes nothing');
  });

  it('shows the approver the same content hash as the validation card after “Submit only the ready rows”', async () => {
    const [first, second] = mailboxes(0, 2);
    assert.ok(first !== undefined && second !== undefined);
    const csv = toRecoveryCsv([
      first,
      { sourceGuid: 'not-a-guid', targetUpn: 'x@contoso.com', displayName: 'X' },
      second,
    ]);
    const validation = await sendFile('one-blocked.csv', csv);
    const { jobId, contentHash } = shownIds(validation);

    const submitted = await stack.playground.click(validation, actionByVerb(validation, 'job.submitReady'));
    assert.ok(submitted.card !== undefined, `submitting showed a card: ${submitted.text ?? ''}`);
    assert.match(textOf(submitted.card), /1 blocked row left out on purpose/);

    // Megan's own view of the approval request (what Teams fetches for an approver).
    const view = await megan('job.approval.refresh', actionByVerb(submitted.card, 'job.approval.refresh').data ?? {});
    assert.ok(view.card !== undefined, `Megan's view is a card: ${view.text ?? ''}`);
    assert.deepEqual(buttonVerbs(view.card), ['job.approve', 'job.reject']);
    assert.equal(factIn(view.card, 'Content hash'), contentHash, 'the approver sees the hash the requester saw');
    assert.match(textOf(view.card), new RegExp(`Job ${jobId}\\.`));

    const approvedAt = Date.now();
    const approved = await megan('job.approve', actionByVerb(view.card, 'job.approve').data ?? {});
    assert.match(textOf(approved.card), /Approved by Megan Bowen/, approved.text ?? '');
    const summary = await waitForSummary(stack.playground, { after: approvedAt, timeoutMs: 30_000 });
    assert.match(textOf(summary), /2 completed, 1 blocked at validation of 3 rows\./);
    // Every row of the file is in the results, the blocked one with why it was left out.
    const results = await readLinkedCsv(summary, 'Download results');
    assert.deepEqual(
      results.map((row) => [row.row_number, row.status]),
      [
        ['2', 'completed'],
        ['3', 'blocked_at_validation'],
        ['4', 'completed'],
      ],
    );
    assert.match(results[1]?.error ?? '', /not-a-guid/);
  });

  it('brings the requester’s card from “Waiting for approval” to approved when Megan approves, and the job completes', async () => {
    const ledgerBefore = stack.sandbox.ledger().length;
    const validation = await sendFile('approve-me.csv', toRecoveryCsv(mailboxes(2, 5)));
    const approval = await submitForApproval(stack.playground, validation);
    assert.match(textOf(approval), /Waiting for approval by /);
    const { jobId, contentHash } = shownIds(validation);

    const approvedAt = Date.now();
    const answer = await megan('job.approve', { jobId, contentHash });
    assert.match(answer.text ?? textOf(answer.card), /Approved by Megan Bowen/);

    const updated = await requesterCardAfter(validation, approvedAt, /Approved by Megan Bowen/);
    assert.doesNotMatch(textOf(updated), /Waiting for approval/);
    assert.ok(!buttonVerbs(updated).includes('job.approve'), 'no live Approve is left on the requester’s card');
    const summary = await waitForSummary(stack.playground, { after: approvedAt, timeoutMs: 30_000 });
    assert.match(textOf(summary), /All 3 rows completed\./);
    const recoveries = writesOf(stack.sandbox.ledger().slice(ledgerBefore), 'New-Mailbox');
    assert.deepEqual(
      recoveries.map((entry) => entry.outcome),
      ['ok', 'ok', 'ok'],
    );

    // The requester's card, as Teams refreshes it now: approved, and finished.
    const refreshed = await stack.playground.click(updated, actionByVerb(approval, 'job.approval.refresh'));
    assert.match(textOf(refreshed.card), /Approved by Megan Bowen on .*\. The job completed/);
    assert.doesNotMatch(textOf(refreshed.card), /Waiting for approval/);
  });

  it('tells the requester who rejected the job and why, and runs nothing', async () => {
    const ledgerBefore = stack.sandbox.ledger().length;
    const validation = await sendFile('reject-me.csv', toRecoveryCsv(mailboxes(5, 8)));
    await submitForApproval(stack.playground, validation);
    const { jobId, contentHash } = shownIds(validation);

    const rejectedAt = Date.now();
    const answer = await megan('job.reject', { jobId, contentHash, reason: 'Wrong tenant' });
    assert.match(answer.text ?? textOf(answer.card), /Rejected by Megan Bowen/);

    const told = await stack.playground.waitForText(/was rejected by/, { after: rejectedAt, timeoutMs: 20_000 });
    assert.equal(
      told,
      `Your recovery job ${jobId} (reject-me.csv) was rejected by Megan Bowen: “Wrong tenant”. Nothing was changed in the tenant.`,
    );
    const updated = await requesterCardAfter(validation, rejectedAt, /Rejected by Megan Bowen/);
    assert.match(textOf(updated), /Reason: Wrong tenant/);
    assert.doesNotMatch(textOf(updated), /Waiting for approval/);
    await delay(QUIET_MS);
    assert.equal(stack.sandbox.ledger().length, ledgerBefore, 'nothing was written to the tenant');
  });

  it('runs a validate job right after Submit without any approver, says it changes nothing, and sends the summary', async () => {
    const sentAt = Date.now();
    await stack.playground.say('sample validate');
    const validation = await stack.playground.waitForCard(/Validation file checked: 3 rows\n/, {
      after: sentAt,
      timeoutMs: 30_000,
    });
    const ledgerBefore = stack.sandbox.ledger().length;

    const submittedAt = Date.now();
    const answer = await stack.playground.click(validation, actionByVerb(validation, 'job.submit'));

    assert.ok(answer.card !== undefined, `submitting showed a card: ${answer.text ?? ''}`);
    assert.match(textOf(answer.card), /This job changes nothing in the tenant, so it runs without an approver\./);
    assert.match(textOf(answer.card), /Runs without an approver: this job type changes nothing in the tenant/);
    assert.doesNotMatch(textOf(answer.card), /Waiting for approval/);
    const summary = await waitForSummary(stack.playground, { after: submittedAt, timeoutMs: 30_000 });
    assert.match(textOf(summary), /^Validation of 3 mailboxes\nCompleted\n/);
    assert.match(textOf(summary), /sample-validate\.csv\nAll 3 rows completed\./);
    validateSummary = summary;
    assert.equal(stack.sandbox.ledger().length, ledgerBefore, 'a validate job writes nothing to the tenant');
  });

  let validateSummary: BotMessage | undefined;

  // Found by this file: the summary of a job approved by policy named the requester as its approver, which with
  // ALLOW_SELF_APPROVAL=false says something that cannot have happened.
  it('does not name an approver on the summary of a job that ran without one', () => {
    assert.ok(validateSummary !== undefined, 'the validate job above sent its summary');
    assert.doesNotMatch(textOf(validateSummary), /Approved by\nAlex Wilber/);
  });

  /** The requester's own card (the validation card they submitted from) as updated after `since`. */
  async function requesterCardAfter(card: BotMessage, since: number, text: RegExp): Promise<BotMessage> {
    const frame = await stack.playground.waitForFrame(
      (candidate) =>
        candidate.receivedAt >= since &&
        candidate.action === 'updateMessage' &&
        candidate.message.messageId === card.messageId &&
        text.test(textOf(candidate.message)),
      `the requester's card ${card.messageId} updated to say ${String(text)}`,
      20_000,
    );
    return frame.message;
  }
});

/**
 * `count` rows whose only issue is a warning: inactive mailboxes (every one in the fixture is under a hold)
 * that nothing blocks from recovery, each into a new address nobody uses.
 */
function heldMailboxes(count: number): RecoveryRow[] {
  const fixture = JSON.parse(readFileSync(DEFAULT_SANDBOX_FIXTURE, 'utf8')) as {
    mailboxes: {
      ExchangeGuid: string;
      DisplayName: string;
      IsInactiveMailbox: boolean;
      ExternalDirectoryObjectId: string | null;
      MailboxLocations: string[];
      AutoExpandingArchiveEnabled?: boolean;
      LitigationHoldEnabled?: boolean;
      InPlaceHolds?: string[];
    }[];
  };
  const rows = fixture.mailboxes
    .filter(
      (mailbox) =>
        mailbox.IsInactiveMailbox &&
        !mailbox.AutoExpandingArchiveEnabled &&
        !mailbox.ExternalDirectoryObjectId &&
        !mailbox.MailboxLocations.some((location) => location.includes(';AuxPrimary;')) &&
        (mailbox.LitigationHoldEnabled === true || (mailbox.InPlaceHolds ?? []).some((hold) => /^[^-]/.test(hold))),
    )
    .slice(0, count)
    .map((mailbox, index) => ({
      sourceGuid: mailbox.ExchangeGuid,
      targetUpn: `four.eyes.warned${index + 1}@contoso.com`,
      displayName: mailbox.DisplayName,
    }));
  assert.equal(rows.length, count, 'the fixture has enough held mailboxes');
  return rows;
}

/** The job id and content hash the validation card shows (its footer). */
function shownIds(validation: BotMessage): { jobId: string; contentHash: string } {
  const footer = /Content hash (\S+): approval is bound to exactly these ready rows\. Job (\w+)\./.exec(
    textOf(validation),
  );
  assert.ok(footer?.[1] !== undefined && footer[2] !== undefined, `no job id and hash on:\n${textOf(validation)}`);
  return { contentHash: footer[1], jobId: footer[2] };
}

/** The value a fact set shows next to `title`. */
function factIn(message: BotMessage, title: string): string | undefined {
  const lines = textOf(message).split('\n');
  const index = lines.indexOf(title);
  return index === -1 ? undefined : lines[index + 1];
}

/**
 * The Playground's log panel (`/_ws/log/stream`): every activity it forwarded to the bot, with the bot's
 * HTTP answer. Entries are buffered until a client connects, so none is missed.
 */
class PlaygroundLog {
  private readonly responses = new Map<string, unknown>();
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      let entry: { logAction?: string; log?: { request?: { body?: { id?: string } }; response?: { body?: unknown } } };
      try {
        entry = JSON.parse(String(raw)) as typeof entry;
      } catch {
        return;
      }
      const id = entry.log?.request?.body?.id;
      if (id === undefined || entry.log?.response === undefined) return;
      this.responses.set(id, entry.log.response.body);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(url: string): Promise<PlaygroundLog> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/_ws/log/stream`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new PlaygroundLog(socket);
  }

  /** The bot's answer to the activity with this id, as the log panel shows it. */
  async responseTo(id: string, timeoutMs = 20_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (!this.responses.has(id)) {
      if (Date.now() > deadline) throw new Error(`The Playground log shows no answer to activity ${id}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 250);
      });
    }
    return this.responses.get(id);
  }

  close(): void {
    this.socket.terminate();
  }
}

function invokeAnswer(body: unknown): InvokeAnswer {
  const answer = (body ?? {}) as { type?: string; value?: unknown };
  if (answer.type === 'application/vnd.microsoft.card.adaptive') {
    const card = {
      messageId: 'invoke-answer',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: answer.value }],
    };
    return { card, text: undefined };
  }
  return { card: undefined, text: typeof answer.value === 'string' ? answer.value : JSON.stringify(body) };
}

function cardsSince(stack: E2eStack, since: number): BotMessage[] {
  return stack.playground.frames
    .filter((frame) => frame.receivedAt > since && frame.action !== 'typing')
    .map((frame) => frame.message);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
