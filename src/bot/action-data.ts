/**
 * The edge where untrusted card clicks come in: `activity.value` is checked field by field before any
 * handler sees it. The data only names a job or a wizard; who may act is always decided server-side.
 */
import { ALL_CARD_VERBS, isCardVerb, type CardVerb } from '../cards/index.ts';

export type ActionData = Readonly<Record<string, string>>;

export type ParsedAction = { ok: true; verb: CardVerb; data: ActionData } | { ok: false; message: string };

/** Fields each verb cannot do without; anything else the card sends is optional input. */
const REQUIRED_FIELDS: Readonly<Record<CardVerb, readonly string[]>> = {
  'help.template': ['type'],
  'job.chooseType': ['jobId'],
  'job.submit': ['jobId', 'contentHash'],
  'job.submitReady': ['jobId', 'contentHash'],
  'job.approve': ['jobId', 'contentHash'],
  'job.reject': ['jobId', 'contentHash'],
  'job.approval.refresh': ['jobId'],
  'job.progress.refresh': ['jobId'],
  'job.cancel': ['jobId'],
  'job.retry': ['jobId'],
  'job.results': ['jobId'],
  'wizard.start': ['operation', 'mailbox'],
  'wizard.next': ['wizardId'],
  'wizard.back': ['wizardId'],
  'wizard.cancel': ['wizardId'],
  'wizard.submit': ['wizardId'],
};

const MAX_FIELDS = 40;
const MAX_VALUE_LENGTH = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an `adaptiveCard/action` invoke value: `{ action: { type, verb, data } }`. */
export function parseCardAction(value: unknown): ParsedAction {
  const action = isRecord(value) ? value.action : undefined;
  if (!isRecord(action) || !isCardVerb(action.verb)) {
    return { ok: false, message: 'That button is not one I know; use a card from a recent message.' };
  }
  const raw = isRecord(action.data) ? action.data : {};
  const data: Record<string, string> = {};
  for (const [key, field] of Object.entries(raw).slice(0, MAX_FIELDS)) {
    if (key === 'verb' || key.startsWith('__')) continue;
    if (typeof field === 'string' && field.length <= MAX_VALUE_LENGTH) data[key] = field;
  }
  const missing = REQUIRED_FIELDS[action.verb].filter((field) => (data[field] ?? '').trim() === '');
  if (missing.length > 0) {
    return { ok: false, message: 'That card is missing what it refers to; use a card from a recent message.' };
  }
  return { ok: true, verb: action.verb, data };
}

export const VERBS_WITH_SCHEMA: readonly CardVerb[] = ALL_CARD_VERBS.filter((verb) => verb in REQUIRED_FIELDS);
