import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderAccessPassCards } from '../../src/cards/access-pass-card.ts';
import type { AdaptiveCard } from '../../src/cards/adaptive-card.ts';
import { renderApprovalCard } from '../../src/cards/approval-card.ts';
import { renderCompletionCard } from '../../src/cards/completion-card.ts';
import { renderFindResultsCard } from '../../src/cards/find-results-card.ts';
import type { MailboxSummary } from '../../src/cards/mailbox-summary.ts';
import { renderMailboxWizardCard, WIZARD_STEPS } from '../../src/cards/mailbox-wizard-card.ts';
import { renderProgressCard } from '../../src/cards/progress-card.ts';
import { renderChooseTypeCard, renderErrorCard, renderValidatingCard } from '../../src/cards/simple-cards.ts';
import { renderValidationSummaryCard } from '../../src/cards/validation-summary-card.ts';
import { findAll } from './card-queries.ts';
import * as sample from './sample-views.ts';

/** A value an admin's CSV or the tenant could hold: a link, emphasis and HTML. */
const HOSTILE = '[click](https://evil.example) **bold** <b>x</b>';

const HOSTILE_MAILBOX: MailboxSummary = {
  displayName: HOSTILE,
  primarySmtpAddress: HOSTILE,
  exchangeGuid: HOSTILE,
  // Not a date, so the card shows it as given.
  deletedAt: HOSTILE,
  holds: [HOSTILE],
};

const issue = (row: number | null, severity: 'error' | 'warning') => ({
  row,
  column: HOSTILE,
  code: severity === 'error' ? 'TARGET_UPN_IN_USE' : 'HOLDS_PRESENT',
  severity,
  message: `Bad value '${HOSTILE}'.`,
});

const CARDS: [string, () => AdaptiveCard[]][] = [
  [
    'validation summary',
    () => [
      renderValidationSummaryCard(
        sample.validationSummaryView({
          fileName: HOSTILE,
          issues: [issue(null, 'error'), issue(4, 'error'), issue(5, 'warning')],
        }),
      ),
    ],
  ],
  ['validating', () => [renderValidatingCard({ fileName: HOSTILE, rowCount: 3, tenantCheck: true })]],
  ['choose type', () => [renderChooseTypeCard({ jobId: sample.JOB_ID, fileName: HOSTILE, rowCount: 3 })]],
  ['error', () => [renderErrorCard({ message: HOSTILE, correlationId: 'c0ffee12' })]],
  [
    'approval',
    () => {
      const view = sample.approvalView({ fileName: HOSTILE, requestedBy: HOSTILE, approverNames: [HOSTILE] });
      const at = '2025-03-24T14:31:02.000Z';
      return [
        renderApprovalCard(view),
        renderApprovalCard(view, 'approver'),
        renderApprovalCard({ ...view, decision: { status: 'approved', by: HOSTILE, at } }),
        renderApprovalCard({ ...view, decision: { status: 'rejected', by: HOSTILE, at, reason: HOSTILE } }),
      ];
    },
  ],
  [
    'progress',
    () => [
      renderProgressCard(
        sample.progressView({
          fileName: HOSTILE,
          lastErrors: [{ row: 7, code: 'NAME_IN_USE', message: HOSTILE }],
          stopReason: { code: 'STOPPED', message: HOSTILE },
        }),
      ),
    ],
  ],
  [
    'completion',
    () => [
      renderCompletionCard(
        sample.completionView({
          fileName: HOSTILE,
          topFailures: [{ code: 'NAME_IN_USE', count: 2, example: `Row 7: ${HOSTILE}` }],
          stopReason: { code: 'STOPPED', message: HOSTILE },
        }),
      ),
    ],
  ],
  ['find results', () => [renderFindResultsCard({ query: HOSTILE, matches: [HOSTILE_MAILBOX] })]],
  [
    'mailbox wizard',
    () =>
      WIZARD_STEPS.flatMap((step) => {
        const issues = [{ severity: 'warning' as const, message: HOSTILE }];
        return [
          renderMailboxWizardCard({
            ...sample.recoveryWizardView(step),
            operation: 'recovery',
            mailbox: HOSTILE_MAILBOX,
            issues,
            fields: {
              targetUpn: HOSTILE,
              displayName: HOSTILE,
              targetSmtp: HOSTILE,
              usageLocation: HOSTILE,
              licenseSku: HOSTILE,
            },
          }),
          renderMailboxWizardCard({
            ...sample.restoreWizardView(step),
            operation: 'restore',
            mailbox: HOSTILE_MAILBOX,
            issues,
            fields: {
              targetMailbox: HOSTILE,
              targetIsArchive: 'false',
              targetFolder: HOSTILE,
              conflictResolution: HOSTILE,
            },
          }),
        ];
      }),
  ],
  [
    'access pass',
    () =>
      renderAccessPassCards({
        jobId: sample.JOB_ID,
        passes: [
          {
            displayName: HOSTILE,
            userPrincipalName: HOSTILE,
            temporaryAccessPass: HOSTILE,
            startsAt: HOSTILE,
            lifetimeInMinutes: 60,
            usableOnce: true,
          },
        ],
      }),
  ],
];

/** Texts Teams renders as Markdown: a TextBlock's text, a Fact's title and value. */
function markdownTexts(card: unknown): string[] {
  const blocks = findAll(card, (node) => node.type === 'TextBlock').map((node) => String(node.text));
  const facts = findAll(card, (node) => Array.isArray(node.facts)).flatMap((node) =>
    (node.facts as { title: string; value: string }[]).flatMap((fact) => [fact.title, fact.value]),
  );
  return [...blocks, ...facts];
}

function textRuns(card: unknown): string[] {
  return findAll(card, (node) => node.type === 'TextRun').map((node) => String(node.text));
}

// An opening bracket, bold marker or tag without a backslash before it would be rendered by Teams.
const LIVE_MARKUP = /(?<!\\)\[click\]\(|(?<!\\)\*\*bold|(?<!\\)<b>/;

describe('text from a CSV or the tenant', () => {
  for (const [name, render] of CARDS) {
    it(`is never a live link, bold text or HTML on the ${name} card`, () => {
      for (const card of render()) {
        for (const text of markdownTexts(card)) assert.doesNotMatch(text, LIVE_MARKUP, text);
      }
    });

    it(`is shown as the admin wrote it on the ${name} card`, () => {
      for (const card of render()) {
        const literal = textRuns(card).some((text) => text.includes(HOSTILE));
        const escaped = markdownTexts(card).some((text) => text.includes('\\[click\\]\\(https://evil.example\\)'));
        assert.ok(literal || escaped, 'the value appears, plainly, somewhere on the card');
      }
    });
  }
});
