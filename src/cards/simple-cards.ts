/** The small cards: welcome/help, "validating…", the type question and the error card. */
import { BULK_OPERATION_TYPES, type BulkOperationType } from '../operations/model.ts';
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { BOT_COMMANDS, type BotCommandHelp } from './commands.ts';
import { countNoun, explainOperationType, formatCount, shortenText } from './format.ts';
import chooseTypeTemplate from './templates/choose-type.json' with { type: 'json' };
import errorTemplate from './templates/error.json' with { type: 'json' };
import validatingTemplate from './templates/validating.json' with { type: 'json' };
import welcomeTemplate from './templates/welcome.json' with { type: 'json' };

export interface WelcomeView {
  /** The bot talks to the simulated tenant: say so, so nobody mistakes a demo for production. */
  sandbox: boolean;
  commands?: readonly BotCommandHelp[];
}

export function renderWelcomeCard(view: WelcomeView): AdaptiveCard {
  return expandCard(welcomeTemplate, { sandbox: view.sandbox, commands: view.commands ?? BOT_COMMANDS });
}

export interface ValidatingView {
  fileName: string;
  /** Data rows counted so far; null when the file has not been split into rows yet (still downloading). */
  rowCount: number | null;
  /** Whether the rows are also checked against the tenant (slower than the format checks alone). */
  tenantCheck: boolean;
  /** Rows checked so far, for the updates of a long check; absent on the first answer. */
  rowsChecked?: number;
}

/**
 * The immediate answer to an upload, updated as a long check goes on; the validation summary replaces it. The
 * check runs after the reply (a turn must be answered within seconds), so a restart would lose it: the card says so.
 */
export function renderValidatingCard(view: ValidatingView): AdaptiveCard {
  const fileName = shortenText(view.fileName, 120);
  const checked =
    view.rowsChecked === undefined || view.rowCount === null
      ? ''
      : `${formatCount(Math.min(view.rowsChecked, view.rowCount))} of ${formatCount(view.rowCount)} rows checked so far.`;
  return expandCard(validatingTemplate, {
    heading:
      view.rowCount === null ? `Checking ${fileName}…` : `Checking ${countNoun(view.rowCount, 'row')} of ${fileName}…`,
    detail: view.tenantCheck
      ? 'I check the format, then every mailbox against the tenant. The summary replaces this card.'
      : 'I check the format of every row. The summary replaces this card.',
    hasChecked: checked !== '',
    checked,
    restart: 'If I am restarted before the summary is here, nothing is kept: send the file again.',
  });
}

export interface ChooseTypeView {
  jobId: string;
  fileName: string;
  rowCount: number;
  /** The choices offered; all four by default. */
  types?: readonly BulkOperationType[];
}

/** Asked when neither the headers nor the message say what the file is for. */
export function renderChooseTypeCard(view: ChooseTypeView): AdaptiveCard {
  return expandCard(chooseTypeTemplate, {
    jobId: view.jobId,
    detail: `I could not tell from the columns of ${shortenText(view.fileName, 120)} (${countNoun(view.rowCount, 'row')}) what to do with it.`,
    choices: (view.types ?? BULK_OPERATION_TYPES).map((type) => ({ title: explainOperationType(type), value: type })),
  });
}

export interface ErrorView {
  /** One sentence the user understands: never an exception's own message or a stack. */
  message: string;
  correlationId: string;
}

export function renderErrorCard(view: ErrorView): AdaptiveCard {
  return expandCard(errorTemplate, {
    message: shortenText(view.message, 500),
    correlationId: view.correlationId,
  });
}
