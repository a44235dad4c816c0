/**
 * `recover` / `restore` one mailbox: the wizard card walks mailbox → details → review; on submit its fields
 * become a one-row CSV that goes through the same validation, approval, engine and audit as an upload.
 */
import { isDraftId } from '../../operations/draft-store.ts';
import {
  renderMailboxWizardCard,
  suggestRecoveryFields,
  suggestRestoreFields,
  toMailboxSummary,
  type AdaptiveCard,
  type WizardStep,
} from '../../cards/index.ts';
import { stringify } from 'csv-stringify/sync';
import type { BotServices, WizardState } from '../bot-deps.ts';
import { BotUserError } from '../reply.ts';
import type { ActionTurn, Turn } from '../turn.ts';
import { checkAfterReply, fileAtHand, type ValidateFileServices } from './validate-file.ts';
import { preflightWizard, type WizardPreflightServices } from './wizard-preflight.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type WizardServices = Pick<BotServices, 'clock' | 'newId' | 'tenant' | 'wizards'> &
  ValidateFileServices &
  WizardPreflightServices;

const RECOVERY_FIELDS = {
  targetUpn: 'target_upn',
  displayName: 'display_name',
  targetSmtp: 'target_smtp',
  usageLocation: 'usage_location',
  licenseSku: 'license_sku',
} as const;
const RESTORE_FIELDS = {
  targetMailbox: 'target_mailbox',
  targetIsArchive: 'target_is_archive',
  targetFolder: 'target_folder',
  conflictResolution: 'conflict_resolution',
} as const;

function renderStep(state: WizardState, step: WizardStep): AdaptiveCard {
  const base = { wizardId: state.wizardId, step, mailbox: toMailboxSummary(state.mailbox), issues: state.issues };
  const f = state.fields;
  if (state.operation === 'recovery') {
    const fields = {
      targetUpn: f.target_upn ?? '',
      displayName: f.display_name ?? '',
      targetSmtp: f.target_smtp ?? '',
      usageLocation: f.usage_location ?? '',
      licenseSku: f.license_sku ?? '',
    };
    return renderMailboxWizardCard({ ...base, operation: 'recovery', fields });
  }
  const fields = {
    targetMailbox: f.target_mailbox ?? '',
    targetIsArchive: f.target_is_archive ?? 'false',
    targetFolder: f.target_folder ?? '',
    conflictResolution: f.conflict_resolution ?? '',
  };
  return renderMailboxWizardCard({ ...base, operation: 'restore', fields });
}

/** `recover <guid|address>` or the find card's button: the first step, with suggested fields. */
export async function startWizard(
  bot: WizardServices,
  turn: Turn,
  operation: 'recovery' | 'restore',
  identity: string,
): Promise<AdaptiveCard> {
  const mailbox = await bot.tenant.exchange.getMailbox(identity, { inactiveMailboxOnly: true });
  if (mailbox === null)
    throw new BotUserError('MAILBOX_NOT_FOUND', `I found no inactive mailbox "${identity}"; try "find ${identity}".`);
  const suggested =
    operation === 'recovery' ? suggestRecoveryFields(mailbox) : suggestRestoreFields(mailbox, bot.clock.now());
  const names: Record<string, string> = operation === 'recovery' ? RECOVERY_FIELDS : RESTORE_FIELDS;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(suggested)) fields[names[key] ?? key] = String(value);
  const issues = await preflightWizard(bot, { operation, mailbox, fields }, true);
  const state: WizardState = {
    wizardId: bot.newId(),
    operation,
    mailbox,
    fields,
    issues,
    requester: turn.actor,
    conversation: turn.conversation,
  };
  await bot.wizards.put(state.wizardId, state);
  return renderStep(state, 'mailbox');
}

async function wizardOf(bot: WizardServices, turn: ActionTurn): Promise<WizardState> {
  const wizardId = turn.data.wizardId ?? '';
  const state = isDraftId(wizardId) ? await bot.wizards.get(wizardId) : undefined;
  if (state === undefined) throw new BotUserError('WIZARD_GONE', 'This wizard is no longer open; start it again.');
  if (state.requester.id !== turn.actor.id)
    throw new BotUserError('NOT_YOUR_WIZARD', 'Only the person who started this wizard can use it.');
  return state;
}

export async function moveWizard(bot: WizardServices, turn: ActionTurn, direction: 1 | -1): Promise<AdaptiveCard> {
  const state = await wizardOf(bot, turn);
  const names = Object.values(state.operation === 'recovery' ? RECOVERY_FIELDS : RESTORE_FIELDS) as string[];
  for (const name of names) if (turn.data[name] !== undefined) state.fields[name] = (turn.data[name] ?? '').trim();
  const steps: WizardStep[] = ['mailbox', 'details', 'review'];
  const index = Math.min(2, Math.max(0, steps.indexOf((turn.data.step ?? 'mailbox') as WizardStep) + direction));
  const step = steps[index] ?? 'mailbox';
  // The review shows the verdict for what was typed, so a blocked target is seen before submitting.
  if (step === 'review') state.issues = await preflightWizard(bot, state);
  await bot.wizards.put(state.wizardId, state);
  return renderStep(state, step);
}

export async function cancelWizard(bot: WizardServices, turn: ActionTurn): Promise<AdaptiveCard> {
  await bot.wizards.delete((await wizardOf(bot, turn)).wizardId);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Wizard cancelled; nothing was changed.', wrap: true }],
  } as AdaptiveCard;
}

export async function submitWizard(bot: WizardServices, turn: ActionTurn): Promise<AdaptiveCard> {
  const state = await wizardOf(bot, turn);
  await bot.wizards.delete(state.wizardId);
  const columns = ['source_guid', ...Object.keys(state.fields)];
  const csv = stringify([columns, [state.mailbox.exchangeGuid, ...Object.values(state.fields)]]);
  const bytes = new TextEncoder().encode(csv);
  const fileName = `${state.operation}-${state.mailbox.alias || 'mailbox'}.csv`;
  await checkAfterReply(bot, turn, fileAtHand({ fileName, bytes, type: state.operation }));
  return cancelledCardText('Submitted as a one-row job: its validation card is below.');
}

function cancelledCardText(text: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
  } as AdaptiveCard;
}
