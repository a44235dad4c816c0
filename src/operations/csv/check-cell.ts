import { EXAMPLE_SOURCE_GUID, type ColumnSpec } from './column-specs.ts';
import { quoteValue } from './issues.ts';
import {
  isEmailAddress,
  normaliseBoolean,
  normaliseChoice,
  normaliseCountryCode,
  normaliseMailbox,
  normaliseSource,
} from './values.ts';

export interface CellProblem {
  code: string;
  message: string;
}

function listChoices(choices: readonly string[]): string {
  return choices.length < 2 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

/**
 * The normalised value of a non-empty, trimmed cell of `column`, or null when it is not valid there.
 * Returns a string, not a result object: it runs for every cell of a large file.
 */
export function normaliseCell(column: ColumnSpec, raw: string): string | null {
  switch (column.kind) {
    case 'text':
      return raw;
    case 'source':
      return normaliseSource(raw);
    case 'address':
      return isEmailAddress(raw) ? raw : null;
    case 'mailbox':
      return normaliseMailbox(raw);
    case 'choice':
      return normaliseChoice(raw, column.choices ?? []);
    case 'boolean':
      return normaliseBoolean(raw);
    case 'country':
      return normaliseCountryCode(raw);
  }
}

/** Why `normaliseCell` refused `raw`, as an issue code and a sentence. */
export function describeInvalidCell(column: ColumnSpec, raw: string): CellProblem {
  const shown = `${column.name} ${quoteValue(raw)}`;
  switch (column.kind) {
    case 'source':
      return {
        code: 'INVALID_GUID',
        message:
          `${shown} is not an ExchangeGuid (like ${EXAMPLE_SOURCE_GUID}), a DistinguishedName ` +
          '(CN=…,OU=…,DC=…) or an email address.',
      };
    case 'address':
      return { code: 'INVALID_EMAIL', message: `${shown} is not a valid email address.` };
    case 'mailbox':
      return { code: 'INVALID_EMAIL', message: `${shown} is neither a mailbox GUID nor a valid email address (UPN).` };
    case 'choice':
      return { code: 'INVALID_CHOICE', message: `${shown} is not one of ${listChoices(column.choices ?? [])}.` };
    case 'boolean':
      return { code: 'INVALID_CHOICE', message: `${shown} is not true or false (yes/no and 1/0 work too).` };
    case 'country':
      return { code: 'INVALID_CHOICE', message: `${shown} is not a two-letter country code such as US, GB or DE.` };
    case 'text':
      return { code: 'INVALID_VALUE', message: `${shown} is not valid.` };
  }
}
