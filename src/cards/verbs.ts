/**
 * Every `Action.Execute` verb our cards send. Templates spell them out literally (the Designer shows them and
 * a test checks each against this list); the bot dispatches on them and must handle every one.
 */
export const CARD_VERBS = {
  sendTemplate: 'help.template',
  chooseType: 'job.chooseType',
  submitForApproval: 'job.submit',
  submitReadyOnly: 'job.submitReady',
  approve: 'job.approve',
  reject: 'job.reject',
  refreshApproval: 'job.approval.refresh',
  refreshProgress: 'job.progress.refresh',
  cancel: 'job.cancel',
  retryJob: 'job.retry',
  downloadResults: 'job.results',
  wizardStart: 'wizard.start',
  wizardNext: 'wizard.next',
  wizardBack: 'wizard.back',
  wizardCancel: 'wizard.cancel',
  wizardSubmit: 'wizard.submit',
} as const;

export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

export const ALL_CARD_VERBS: readonly CardVerb[] = Object.freeze(Object.values(CARD_VERBS));

export function isCardVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && (ALL_CARD_VERBS as readonly string[]).includes(value);
}

/** What the wizard's input fields post, besides `wizardId` and `step`. */
export type WizardInputs = Record<string, string>;

/**
 * The `action.data` each verb's card sends (input values are merged in by Teams). It is untrusted: the bot
 * parses it with a schema and re-checks who may act; it only says which job or wizard the click is about.
 */
export interface CardVerbData {
  'help.template': { type: string };
  'job.chooseType': { jobId: string; type?: string };
  'job.submit': { jobId: string; contentHash: string };
  'job.submitReady': { jobId: string; contentHash: string };
  'job.approve': { jobId: string; contentHash: string };
  'job.reject': { jobId: string; contentHash: string; reason?: string };
  'job.approval.refresh': { jobId: string };
  'job.progress.refresh': { jobId: string };
  'job.cancel': { jobId: string };
  'job.retry': { jobId: string };
  'job.results': { jobId: string };
  'wizard.start': { operation: 'recovery' | 'restore'; mailbox: string };
  'wizard.next': { wizardId: string; step: string } & WizardInputs;
  'wizard.back': { wizardId: string; step: string };
  'wizard.cancel': { wizardId: string; step: string };
  'wizard.submit': { wizardId: string; step: string };
}
