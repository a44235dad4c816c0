/**
 * The wizard's pre-flight verdict: the same snapshot + rule set a CSV goes through, for the one row the wizard
 * would submit, so the holds and blockers an admin sees on the card are the ones the validation card will show.
 */
import { createItem, type BulkOperationItem } from '../../operations/model.ts';
import { buildTenantSnapshot, COLUMNS, runPreflight } from '../../operations/preflight/index.ts';
import type { ValidationIssue } from '../../operations/validation-issue.ts';
import type { BotServices, WizardState } from '../bot-deps.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type WizardPreflightServices = Pick<BotServices, 'clock' | 'settings' | 'tenant'>;

/** The row the wizard stands for; empty fields count as absent (a target not chosen yet is not an error). */
export function toWizardItem(state: Pick<WizardState, 'operation' | 'mailbox' | 'fields'>): BulkOperationItem {
  const targetColumn = state.operation === 'recovery' ? COLUMNS.recoveryTarget : COLUMNS.restoreTarget;
  const additionalData: Record<string, string> = {};
  for (const [column, value] of Object.entries(state.fields)) {
    if (column !== targetColumn && value.trim() !== '') additionalData[column] = value.trim();
  }
  const target = state.fields[targetColumn]?.trim();
  return createItem({
    rowNumber: 2,
    sourceIdentity: state.mailbox.exchangeGuid,
    targetIdentity: target ? target : null,
    additionalData,
  });
}

/**
 * `forSuggestions`: the first step judges the mailbox; what is wrong with the suggested details (the original
 * UPN is often still taken) is said as a warning, since the next step is where the admin changes them.
 */
export async function preflightWizard(
  bot: WizardPreflightServices,
  state: Pick<WizardState, 'operation' | 'mailbox' | 'fields'>,
  forSuggestions = false,
): Promise<ValidationIssue[]> {
  const items = [toWizardItem(state)];
  const snapshot = await buildTenantSnapshot(
    items,
    state.operation,
    { ...bot.tenant, clock: bot.clock },
    bot.settings.preflight,
  );
  const issues = runPreflight(items, state.operation, snapshot, bot.settings.preflight);
  if (!forSuggestions) return issues;
  return issues.map((issue) =>
    issue.column === COLUMNS.source || issue.severity === 'warning'
      ? issue
      : { ...issue, severity: 'warning', message: `With the suggested details: ${issue.message}` },
  );
}
