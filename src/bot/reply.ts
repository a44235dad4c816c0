/** How the bot answers: cards as attachments, invoke responses, and the one place errors become sentences. */
import { randomUUID } from 'node:crypto';
import type { Activity, AdaptiveCardInvokeResponse, Attachment } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderErrorCard, type AdaptiveCard } from '../cards/index.ts';

export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** A message that says in one sentence what it is: every message the bot sends outside a turn is one. */
export type SummarisedMessage = Partial<Activity> & { summary: string; text: string };

/** A plain text message, summarised by itself. */
export function textMessage(text: string): SummarisedMessage {
  return { type: 'message', text, summary: text };
}

/**
 * A card as a message. `summary` is what the message says outside the card: the Activity schema's `summary`
 * replaces the attachments where they cannot be shown (microsoft/botframework-sdk,
 * specs/botframework-activity/botframework-activity.md#summary, A3070–A3072), and Teams' desktop, web and iOS
 * notifications read it instead of "sent a card"; Android's push path reads `text`
 * (OfficeDev/microsoft-teams-library-js#3054), so both carry the sentence.
 */
export function cardMessage(card: AdaptiveCard): Partial<Activity>;
export function cardMessage(card: AdaptiveCard, summary: string): SummarisedMessage;
export function cardMessage(card: AdaptiveCard, summary?: string): Partial<Activity> {
  const message: Partial<Activity> = { type: 'message', attachments: [cardAttachment(card)] };
  return summary === undefined ? message : { ...message, summary, text: summary };
}

/** Teams replaces the clicked card with this one (for the clicker; refreshes fetch it for others). */
export function invokeCard(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

/** The card with one sentence on top: why a click changed nothing, or what just happened. */
export function withNotice(card: AdaptiveCard, message: string, color = 'attention'): AdaptiveCard {
  const notice = { type: 'TextBlock', text: message, wrap: true, color, weight: 'Bolder' };
  return { ...card, body: [notice, ...card.body] } as AdaptiveCard;
}

/** An error with a stable code that the bot may show as it is (its message is written for the user). */
export class BotUserError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'BotUserError';
    this.code = code;
  }
}

const UNEXPECTED = 'Something went wrong on my side and nothing was changed; please try again, or tell your admin';

/**
 * The error card for any failure: a user error says its own sentence, anything else a generic one. The log
 * gets the correlation id and the error's code, never the user.
 */
export function describeFailure(error: unknown, log: (line: string) => void): AdaptiveCard {
  const correlationId = randomUUID().slice(0, 8);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNEXPECTED';
  const name = error instanceof Error ? error.name : typeof error;
  log(`bot error ${correlationId}: ${name} ${code}`);
  const message = error instanceof BotUserError ? error.message : `${UNEXPECTED} (reference ${correlationId}).`;
  return renderErrorCard({ message, correlationId });
}
