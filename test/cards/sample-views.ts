/** Realistic views for every card: what an admin would see on an ordinary day. */
import type { AccessPassView } from '../../src/cards/access-pass-card.ts';
import type { ApprovalView } from '../../src/cards/approval-card.ts';
import type { CompletionView } from '../../src/cards/completion-card.ts';
import type { FindResultsView } from '../../src/cards/find-results-card.ts';
import type { MailboxSummary } from '../../src/cards/mailbox-summary.ts';
import type { MailboxWizardView } from '../../src/cards/mailbox-wizard-card.ts';
import type { ProgressView } from '../../src/cards/progress-card.ts';
import type { ValidationSummaryView } from '../../src/cards/validation-summary-card.ts';

export const JOB_ID = '7c1d9e52-3f4a-4b8e-a1c2-5d6e7f8a9b0c';

export function validationSummaryView(overrides: Partial<ValidationSummaryView> = {}): ValidationSummaryView {
  return {
    jobId: JOB_ID,
    fileName: 'recovery-leavers-march.csv',
    operationType: 'recovery',
    counts: { total: 1240, ready: 1237, withWarnings: 1, blocked: 3 },
    issues: [
      {
        row: 14,
        column: 'target_upn',
        code: 'TARGET_UPN_IN_USE',
        severity: 'error',
        message: "The UPN 'megan.bowen@contoso.com' already belongs to an active user; choose another one.",
      },
      {
        row: 27,
        column: 'source_guid',
        code: 'SOURCE_NOT_FOUND',
        severity: 'error',
        message: 'No inactive mailbox has the ExchangeGuid 1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e41.',
      },
      {
        row: 31,
        column: null,
        code: 'HOLDS_PRESENT',
        severity: 'warning',
        message: "The inactive mailbox 'Alex Wilber' is on Litigation Hold; the recovered mailbox keeps no hold.",
      },
      {
        row: 58,
        column: 'usage_location',
        code: 'USAGE_LOCATION_REQUIRED',
        severity: 'error',
        message: 'A license is requested but usage_location is empty; add a two-letter country code such as US.',
      },
    ],
    contentHash: '3fa9c2e1b7d0',
    reportUrl: 'https://bot.contoso.com/files/eyJqb2IiOiI3YzFkIn0.c2lnbmF0dXJl',
    ...overrides,
  };
}

export const APPROVER_IDS = ['29:1a2b3c-adele', '29:4d5e6f-alex'];

export function approvalView(overrides: Partial<ApprovalView> = {}): ApprovalView {
  return {
    jobId: JOB_ID,
    operationType: 'recovery',
    fileName: 'recovery-leavers-march.csv',
    rowCount: 1237,
    rowsWithWarnings: 1,
    contentHash: '3fa9c2e1b7d0',
    requestedBy: 'Megan Bowen',
    requestedAt: '2025-03-24T14:05:12.000Z',
    expiresAt: '2025-03-25T14:05:12.000Z',
    approverNames: ['Adele Vance', 'Alex Wilber'],
    approverUserIds: APPROVER_IDS,
    selfApprovalAllowed: false,
    decision: { status: 'pending' },
    ...overrides,
  };
}

export function progressView(overrides: Partial<ProgressView> = {}): ProgressView {
  return {
    jobId: JOB_ID,
    operationType: 'recovery',
    fileName: 'recovery-leavers-march.csv',
    state: 'running',
    totals: { total: 1237, pending: 450, inProgress: 4, completed: 761, failed: 14, skipped: 8 },
    throughputPerMinute: 41.7,
    etaSeconds: 640,
    lastErrors: [
      {
        row: 212,
        code: 'NAME_IN_USE',
        message: "Exchange refused the name 'a.smith': another object already uses it.",
      },
      { row: 388, code: 'TENANT_THROTTLED', message: 'Exchange kept throttling this row after 5 attempts.' },
    ],
    restoreRequests: null,
    cancelRequested: false,
    stopReason: null,
    updatedAt: '2025-03-24T15:21:40.000Z',
    ...overrides,
  };
}

export function completionView(overrides: Partial<CompletionView> = {}): CompletionView {
  return {
    jobId: JOB_ID,
    operationType: 'recovery',
    fileName: 'recovery-leavers-march.csv',
    state: 'completed_with_errors',
    totals: { total: 1237, pending: 0, inProgress: 0, completed: 1215, failed: 14, skipped: 8 },
    successRate: 1215 / 1229,
    durationSeconds: 1_862,
    startedAt: '2025-03-24T15:02:10.000Z',
    completedAt: '2025-03-24T15:33:12.000Z',
    topFailures: [
      {
        code: 'NAME_IN_USE',
        count: 9,
        example: "Row 212: Exchange refused the name 'a.smith': another object uses it.",
      },
      { code: 'TENANT_THROTTLED', count: 5, example: 'Row 388: Exchange kept throttling this row after 5 attempts.' },
    ],
    resultsUrl: 'https://bot.contoso.com/files/eyJqb2IiOiI3YzFkIiwicmVzdWx0cyI6dHJ1ZX0.c2ln',
    blockedAtValidation: 0,
    requestedBy: 'Megan Bowen',
    approvedBy: 'Adele Vance',
    retryOf: null,
    stopReason: null,
    ...overrides,
  };
}

export const MEGAN: MailboxSummary = {
  displayName: 'Megan Bowen',
  primarySmtpAddress: 'megan.bowen@contoso.com',
  exchangeGuid: '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40',
  deletedAt: '2024-11-02T09:14:00.000Z',
  holds: ['Litigation Hold', 'retention policy (mbx5f3c…)'],
};

export function findResultsView(overrides: Partial<FindResultsView> = {}): FindResultsView {
  return {
    query: 'bowen',
    matches: [
      MEGAN,
      {
        displayName: 'Lee Bowen',
        primarySmtpAddress: 'lee.bowen@contoso.com',
        exchangeGuid: '9d2f4c61-0b7a-4e3d-8c5b-2a1f6e7d8c9b',
        deletedAt: '2023-06-19T17:40:00.000Z',
        holds: [],
      },
    ],
    ...overrides,
  };
}

export function recoveryWizardView(step: MailboxWizardView['step']): MailboxWizardView {
  return {
    wizardId: 'wz-5f3c2a',
    step,
    mailbox: MEGAN,
    issues: [
      { severity: 'warning', message: 'The mailbox is on Litigation Hold; the recovered mailbox keeps no hold.' },
    ],
    operation: 'recovery',
    fields: {
      targetUpn: 'megan.bowen@contoso.com',
      displayName: 'Megan Bowen',
      targetSmtp: 'megan.bowen@contoso.com',
      usageLocation: 'US',
      licenseSku: '',
    },
  };
}

export function restoreWizardView(step: MailboxWizardView['step']): MailboxWizardView {
  return {
    wizardId: 'wz-8e1b4d',
    step,
    mailbox: MEGAN,
    issues: [],
    operation: 'restore',
    fields: {
      targetMailbox: 'adele.vance@contoso.com',
      targetIsArchive: 'false',
      targetFolder: 'Restored - Megan Bowen - 2025-03-24',
      conflictResolution: 'KeepSourceItem',
    },
  };
}

export function accessPassView(): AccessPassView {
  return {
    jobId: JOB_ID,
    passes: [
      {
        displayName: 'Megan Bowen',
        userPrincipalName: 'megan.bowen@contoso.com',
        temporaryAccessPass: 'Xk7#pQ2m-Lr9v',
        startsAt: '2025-03-24T15:10:00.000Z',
        lifetimeInMinutes: 480,
        usableOnce: true,
      },
    ],
  };
}
