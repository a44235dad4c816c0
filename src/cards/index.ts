/** Adaptive Cards for the bot: pure functions from view data to card JSON (schema 1.5, under 28 KB). */
export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  ADAPTIVE_CARD_SCHEMA,
  ADAPTIVE_CARD_VERSION,
  CardTemplateError,
  MAX_REFRESH_USER_IDS,
} from './adaptive-card.ts';
export type { AdaptiveCard, CardElement, CardRefresh } from './adaptive-card.ts';
export { CARD_SIZE_LIMIT_BYTES, CardTooLargeError, assertCardSize, cardSizeBytes } from './card-limits.ts';
export { ALL_CARD_VERBS, CARD_VERBS, isCardVerb } from './verbs.ts';
export type { CardVerb, CardVerbData } from './verbs.ts';
export { BOT_COMMANDS } from './commands.ts';
export type { BotCommandHelp } from './commands.ts';
export { renderChooseTypeCard, renderErrorCard, renderValidatingCard, renderWelcomeCard } from './simple-cards.ts';
export type { ChooseTypeView, ErrorView, ValidatingView, WelcomeView } from './simple-cards.ts';
export { renderValidationSummaryCard, toValidationSummaryView } from './validation-summary-card.ts';
export type { ValidationSummaryView } from './validation-summary-card.ts';
export { renderApprovalCard } from './approval-card.ts';
export type { ApprovalAudience, ApprovalDecision, ApprovalView } from './approval-card.ts';
export { renderProgressCard, toProgressView } from './progress-card.ts';
export type { ProgressContext, ProgressView, RestoreRequestCounts } from './progress-card.ts';
export { groupFailures, renderCompletionCard, toCompletionView } from './completion-card.ts';
export type { CompletionContext, CompletionView, FailureGroup } from './completion-card.ts';
export { toMailboxSummary } from './mailbox-summary.ts';
export type { MailboxSummary } from './mailbox-summary.ts';
export { renderFindResultsCard } from './find-results-card.ts';
export type { FindResultsView } from './find-results-card.ts';
export {
  renderMailboxWizardCard,
  suggestRecoveryFields,
  suggestRestoreFields,
  WIZARD_STEPS,
} from './mailbox-wizard-card.ts';
export type {
  MailboxWizardView,
  RecoveryWizardFields,
  RestoreWizardFields,
  WizardStep,
} from './mailbox-wizard-card.ts';
export { renderAccessPassCards } from './access-pass-card.ts';
export type { AccessPassEntry, AccessPassView } from './access-pass-card.ts';
