/**
 * The card shape our renderers return, and the one place a template is expanded. Templates are Adaptive Cards
 * 1.5 JSON with `${...}` bindings (editable in the Adaptive Cards Designer); the data bound into them is
 * display-ready (strings already formatted, booleans for `$when`), so templates hold no logic.
 */
import { Template } from 'adaptivecards-templating';
import { assertCardSize } from './card-limits.ts';

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams fetches a personal view for at most this many users. */
export const MAX_REFRESH_USER_IDS = 60;

export type CardElement = { [key: string]: unknown };

export interface CardRefresh {
  action: { type: 'Action.Execute'; verb: string; data?: CardElement };
  /** Teams user ids (`29:…`), at most MAX_REFRESH_USER_IDS. */
  userIds: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions?: CardElement[];
  refresh?: CardRefresh;
}

/** A template or its data did not make a card: a bug in this folder, never the user's input. */
export class CardTemplateError extends Error {
  readonly code = 'CARD_TEMPLATE_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'CardTemplateError';
  }
}

/**
 * Expands `template` with `data` and checks the result is a 1.5 card within the size limit. `data` must not
 * hold `null` or `undefined` where a template interpolates it: the templating library throws on a null and
 * leaves `${name}` in the text for a missing name.
 */
export function expandCard(template: object, data: object): AdaptiveCard {
  const expanded = removeNulls(new Template(template).expand({ $root: data }));
  if (!isAdaptiveCard(expanded)) {
    throw new CardTemplateError('The expanded template is not an Adaptive Card 1.5 with a body.');
  }
  assertCardSize(expanded);
  return expanded;
}

function isAdaptiveCard(value: unknown): value is AdaptiveCard {
  if (typeof value !== 'object' || value === null) return false;
  const card = value as Partial<AdaptiveCard>;
  return (
    card.type === 'AdaptiveCard' &&
    card.version === ADAPTIVE_CARD_VERSION &&
    card.$schema === ADAPTIVE_CARD_SCHEMA &&
    Array.isArray(card.body)
  );
}

/** A `$when` on an object-valued property (e.g. `refresh`) leaves `null` behind; Adaptive Cards has no nulls. */
function removeNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(removeNulls);
  if (typeof value !== 'object' || value === null) return value;
  const result: CardElement = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) result[key] = removeNulls(item);
  return result;
}
