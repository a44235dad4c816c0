/**
 * `recover` / `restore` for one mailbox, in three steps: the mailbox and its pre-flight verdict, the fields
 * (pre-filled with suggestions), then a review. Input ids are the CSV's column names, so what the admin types
 * becomes a one-row job exactly as a CSV row would. The bot keeps the wizard's state by `wizardId`.
 */
import { CONFLICT_RESOLUTIONS } from '../operations/csv/column-specs.ts';
import type { MailboxRecord } from '../operations/tenant-ports.ts';
import type { IssueSeverity } from '../operations/validation-issue.ts';
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { shortenText } from './format.ts';
import { mailboxData, type MailboxSummary } from './mailbox-summary.ts';
import template from './templates/mailbox-wizard.json' with { type: 'json' };

export const WIZARD_STEPS = ['mailbox', 'details', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export interface RecoveryWizardFields {
  targetUpn: string;
  displayName: string;
  targetSmtp: string;
  usageLocation: string;
  licenseSku: string;
}

export interface RestoreWizardFields {
  targetMailbox: string;
  /** `'true'` or `'false'` (the toggle's values): a mail user can take a restore only into its cloud-based archive. */
  targetIsArchive: string;
  targetFolder: string;
  conflictResolution: string;
}

export type MailboxWizardView = {
  wizardId: string;
  step: WizardStep;
  mailbox: MailboxSummary;
  /** Pre-flight findings for this mailbox (and, at review, for the chosen fields). */
  issues: readonly { severity: IssueSeverity; message: string }[];
} & ({ operation: 'recovery'; fields: RecoveryWizardFields } | { operation: 'restore'; fields: RestoreWizardFields });

const CONFLICT_TITLES: Readonly<Record<(typeof CONFLICT_RESOLUTIONS)[number], string>> = {
  KeepSourceItem: 'Keep the restored item (Exchange default)',
  KeepLatestItem: 'Keep the newer item',
  KeepAll: 'Keep both',
  ForceCopy: 'Copy without checking',
  KeepTargetItem: 'Keep the existing item',
  UpdateFromSource: 'Update the existing item from the restored one',
};

const MAX_LISTED_FINDINGS = 10;

/** The new user looks like the old one: same UPN, name and address, unless the admin changes them. */
export function suggestRecoveryFields(record: MailboxRecord): RecoveryWizardFields {
  return {
    targetUpn: record.userPrincipalName,
    displayName: record.displayName || record.name,
    targetSmtp: record.primarySmtpAddress,
    usageLocation: '',
    licenseSku: '',
  };
}

/** A dated folder keeps the restored content apart from what the target mailbox already holds. */
export function suggestRestoreFields(record: MailboxRecord, today: Date): RestoreWizardFields {
  const name = record.displayName || record.name;
  return {
    targetMailbox: '',
    targetIsArchive: 'false',
    targetFolder: `Restored - ${name} - ${today.toISOString().slice(0, 10)}`,
    conflictResolution: 'KeepSourceItem',
  };
}

export function renderMailboxWizardCard(view: MailboxWizardView): AdaptiveCard {
  const blocked = view.issues.some((issue) => issue.severity === 'error');
  const base = wizardData(view, blocked);
  return renderFittingList(view.issues, MAX_LISTED_FINDINGS, (shown) =>
    expandCard(template, {
      ...base,
      issues: view.step === 'details' ? [] : shown.map(findingData),
    }),
  ).card;
}

function wizardData(view: MailboxWizardView, blocked: boolean) {
  const recovering = view.operation === 'recovery';
  const stepIndex = WIZARD_STEPS.indexOf(view.step);
  const verb = recovering ? 'recovered' : 'restored';
  return {
    wizardId: view.wizardId,
    step: view.step,
    heading: recovering ? 'Recover an inactive mailbox' : 'Restore an inactive mailbox',
    stepText: `Step ${stepIndex + 1} of ${WIZARD_STEPS.length}: ${STEP_NAMES[view.step]}`,
    mailbox: mailboxData(view.mailbox),
    showVerdict: view.step !== 'details',
    verdict: blocked
      ? `Pre-flight: this mailbox cannot be ${verb} as it stands.`
      : view.issues.length > 0
        ? `Pre-flight: it can be ${verb}; read the warnings first.`
        : `Pre-flight: ready to be ${verb}.`,
    verdictColor: blocked ? 'attention' : view.issues.length > 0 ? 'warning' : 'good',
    isRecoveryDetails: view.step === 'details' && view.operation === 'recovery',
    isRestoreDetails: view.step === 'details' && view.operation === 'restore',
    fields: view.fields,
    conflictChoices: CONFLICT_RESOLUTIONS.map((value) => ({ title: CONFLICT_TITLES[value], value })),
    isReview: view.step === 'review',
    reviewFacts: reviewFacts(view),
    showBack: view.step !== 'mailbox',
    showNext: view.step !== 'review' && !(view.step === 'mailbox' && blocked),
    showSubmit: view.step === 'review' && !blocked,
  };
}

const STEP_NAMES: Readonly<Record<WizardStep, string>> = {
  mailbox: 'the mailbox',
  details: 'the details',
  review: 'review and submit',
};

function reviewFacts(view: MailboxWizardView): { title: string; value: string }[] {
  // Shown in TextRuns, not a FactSet (whose values render Markdown): the admin checks these exact characters.
  const show = (value: string, empty: string): string => (value.trim() === '' ? empty : shortenText(value, 200));
  if (view.operation === 'recovery') {
    const fields = view.fields;
    return [
      { title: 'New user (UPN)', value: show(fields.targetUpn, '(missing)') },
      { title: 'Display name', value: show(fields.displayName, '(missing)') },
      { title: 'Email address', value: show(fields.targetSmtp, 'same as the UPN') },
      { title: 'Usage location', value: show(fields.usageLocation, 'not set') },
      { title: 'License', value: show(fields.licenseSku, 'none') },
    ];
  }
  const fields = view.fields;
  const conflict = CONFLICT_TITLES[fields.conflictResolution as keyof typeof CONFLICT_TITLES];
  return [
    {
      title: fields.targetIsArchive === 'true' ? 'Into the archive of' : 'Into mailbox',
      value: show(fields.targetMailbox, '(missing)'),
    },
    { title: 'Folder', value: show(fields.targetFolder, 'the top of the mailbox') },
    { title: 'Existing items', value: conflict ?? show(fields.conflictResolution, 'Exchange default') },
  ];
}

function findingData(issue: { severity: IssueSeverity; message: string }) {
  return {
    label: issue.severity === 'error' ? 'Blocked: ' : 'Warning: ',
    // Teams' yellow text is unreadable on a light theme: the word "Warning" says it, only errors are red.
    color: issue.severity === 'error' ? 'attention' : 'default',
    message: shortenText(issue.message, 280),
  };
}
