/**
 * The steps e2e journeys share, phrased as what a person does in the chat (submit, approve, read a card,
 * open a link), plus what the sandbox tenant recorded. Each step goes through the Playground client only.
 */
import { parse } from 'csv-parse/sync';
import type { LedgerEntry } from '../../../src/sandbox/ledger.ts';
import {
  ALEX,
  actionByVerb,
  actionsOf,
  cardText,
  cardsOf,
  type BotMessage,
  type InvokeAnswer,
  type PlaygroundClient,
} from './playground-client.ts';

/** The text of a message's first card (what the reader sees), or '' when it carries none. */
export function textOf(message: BotMessage | undefined): string {
  const card = message === undefined ? undefined : cardsOf(message)[0];
  return card === undefined ? '' : cardText(card);
}

/**
 * The number a card shows under `label` (its count rows and fact sets put the value on the next line); with
 * `section`, the first such label after that heading (a progress card has two "Completed").
 */
export function countIn(message: BotMessage, label: string, section?: string): number | undefined {
  const lines = textOf(message).split('\n');
  const start = section === undefined ? 0 : lines.indexOf(section);
  const index = start === -1 ? -1 : lines.indexOf(label, start);
  const value = index === -1 ? undefined : lines[index + 1];
  if (value === undefined || !/^[\d,]+$/.test(value)) return undefined;
  return Number(value.replaceAll(',', ''));
}

/** The verbs of the Action.Execute buttons a reader can click (the card's automatic refresh left out). */
export function buttonVerbs(message: BotMessage): string[] {
  return actionsOf(message)
    .filter((action) => action.type === 'Action.Execute' && action.title !== undefined)
    .map((action) => action.verb ?? '');
}

/**
 * Someone approves: in Teams an approver's copy of the approval card refreshes into their own view with
 * Approve / Reject. The Playground cannot show a second user's view, so the requester's "Review as approver"
 * view (the same card) provides the button, and `user` clicks it.
 */
export async function approveAs(
  playground: PlaygroundClient,
  user: { id: string; name: string },
  approval: BotMessage,
): Promise<InvokeAnswer> {
  const view = await openApproverView(playground, approval);
  const approve = actionByVerb(view, 'job.approve');
  return user.id === ALEX.id ? playground.click(view, approve) : playground.clickAs(user, view, approve);
}

/** The current user (an approver in the sandbox) clicks "Review as approver" and gets Approve / Reject. */
export async function openApproverView(playground: PlaygroundClient, approval: BotMessage): Promise<BotMessage> {
  const answer = await playground.click(approval, actionByVerb(approval, 'job.approval.refresh'));
  if (answer.card === undefined) throw new Error(`"Review as approver" showed no card: ${answer.text ?? ''}`);
  return answer.card;
}

/** The requester clicks "Submit for approval" on a validation card; the answer is the approval card. */
export async function submitForApproval(playground: PlaygroundClient, validation: BotMessage): Promise<BotMessage> {
  const answer = await playground.click(validation, actionByVerb(validation, 'job.submit'));
  if (answer.card === undefined) throw new Error(`Submitting showed no card: ${answer.text ?? ''}`);
  return answer.card;
}

/**
 * The completion summary of a job (the one card with a success rate), the first from `after` on. `after` is
 * inclusive and frames carry millisecond times: a summary awaited just before can still match, so tell a
 * second summary apart by its text (e.g. "a retry of job …").
 */
export function waitForSummary(
  playground: PlaygroundClient,
  options: { after?: number; timeoutMs?: number } = {},
): Promise<BotMessage> {
  return playground.waitForCard(/\nSuccess rate\n/, options);
}

/** A progress card frame (it has "In progress" and "Pending" counts) that satisfies `matches`. */
export async function waitForProgress(
  playground: PlaygroundClient,
  matches: (card: BotMessage) => boolean,
  options: { after?: number; timeoutMs?: number } = {},
): Promise<BotMessage> {
  const after = options.after ?? 0;
  const frame = await playground.waitForFrame(
    (candidate) =>
      candidate.receivedAt >= after &&
      candidate.action !== 'typing' &&
      countIn(candidate.message, 'Pending') !== undefined &&
      matches(candidate.message),
    'a progress card',
    options.timeoutMs,
  );
  return frame.message;
}

/** Opens a card's link button (Action.OpenUrl) titled `title` and reads the CSV behind it, one record a row. */
export async function readLinkedCsv(message: BotMessage, title: string): Promise<Record<string, string>[]> {
  const link = actionsOf(message).find((action) => action.type === 'Action.OpenUrl' && action.title === title);
  if (link?.url === undefined) throw new Error(`No "${title}" link on the card`);
  const response = await fetch(link.url);
  if (!response.ok) throw new Error(`${title}: HTTP ${response.status}`);
  return parse(await response.text(), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** The tenant writes of one kind (a cmdlet name, or `METHOD /path` for Graph). */
export function writesOf(ledger: readonly LedgerEntry[], operation: string): LedgerEntry[] {
  return ledger.filter((entry) => entry.operation === operation);
}
