import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderAccessPassCards } from '../../src/cards/access-pass-card.ts';
import { ADAPTIVE_CARD_SCHEMA, type AdaptiveCard } from '../../src/cards/adaptive-card.ts';
import { renderApprovalCard } from '../../src/cards/approval-card.ts';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-limits.ts';
import { renderCompletionCard } from '../../src/cards/completion-card.ts';
import { renderFindResultsCard } from '../../src/cards/find-results-card.ts';
import { renderMailboxWizardCard } from '../../src/cards/mailbox-wizard-card.ts';
import { renderProgressCard } from '../../src/cards/progress-card.ts';
import {
  renderChooseTypeCard,
  renderErrorCard,
  renderValidatingCard,
  renderWelcomeCard,
} from '../../src/cards/simple-cards.ts';
import { renderValidationSummaryCard } from '../../src/cards/validation-summary-card.ts';
import { isCardVerb } from '../../src/cards/verbs.ts';
import { findCardProblems } from './card-model.ts';
import { verbsOf } from './card-queries.ts';
import { assertMatchesGolden } from './golden.ts';
import * as sample from './sample-views.ts';

const CARDS: [string, () => AdaptiveCard][] = [
  ['welcome', () => renderWelcomeCard({ sandbox: true })],
  [
    'validating',
    () => renderValidatingCard({ fileName: 'recovery-leavers-march.csv', rowCount: 1240, tenantCheck: true }),
  ],
  ['validation-summary-blocked', () => renderValidationSummaryCard(sample.validationSummaryView())],
  [
    'validation-summary-ready',
    () =>
      renderValidationSummaryCard(
        sample.validationSummaryView({
          counts: { total: 1240, ready: 1240, withWarnings: 0, blocked: 0 },
          issues: [],
          contentHash: '9b2e4d6f8a1c',
        }),
      ),
  ],
  ['choose-type', () => renderChooseTypeCard({ jobId: sample.JOB_ID, fileName: 'mailboxes.csv', rowCount: 37 })],
  ['approval-pending', () => renderApprovalCard(sample.approvalView())],
  ['approval-approver', () => renderApprovalCard(sample.approvalView({ selfApprovalAllowed: true }), 'approver')],
  [
    'approval-approved',
    () =>
      renderApprovalCard(
        sample.approvalView({ decision: { status: 'approved', by: 'Adele Vance', at: '2025-03-24T14:31:02.000Z' } }),
      ),
  ],
  [
    'approval-rejected',
    () =>
      renderApprovalCard(
        sample.approvalView({
          decision: {
            status: 'rejected',
            by: 'Alex Wilber',
            at: '2025-03-24T14:40:00.000Z',
            reason: 'Rows 40-60 belong to the legal team: split them out.',
          },
        }),
      ),
  ],
  [
    'approval-expired',
    () => renderApprovalCard(sample.approvalView({ decision: { status: 'expired', at: '2025-03-25T14:05:12.000Z' } })),
  ],
  ['progress-running', () => renderProgressCard(sample.progressView())],
  [
    'progress-restore',
    () =>
      renderProgressCard(
        sample.progressView({
          operationType: 'restore',
          fileName: 'restore-legal-hold.csv',
          totals: { total: 40, pending: 0, inProgress: 25, completed: 14, failed: 1, skipped: 0 },
          throughputPerMinute: 0.4,
          etaSeconds: 3_900,
          lastErrors: [{ row: 9, code: 'RESTORE_FAILED', message: 'The restore request failed: the target is full.' }],
          restoreRequests: { submitted: 3, inProgress: 22, completed: 14, percentComplete: 62.5 },
        }),
      ),
  ],
  ['completion-with-errors', () => renderCompletionCard(sample.completionView())],
  ['find-results', () => renderFindResultsCard(sample.findResultsView())],
  ['wizard-recovery-mailbox', () => renderMailboxWizardCard(sample.recoveryWizardView('mailbox'))],
  ['wizard-recovery-details', () => renderMailboxWizardCard(sample.recoveryWizardView('details'))],
  ['wizard-restore-details', () => renderMailboxWizardCard(sample.restoreWizardView('details'))],
  ['wizard-restore-review', () => renderMailboxWizardCard(sample.restoreWizardView('review'))],
  ['access-pass', () => renderAccessPassCards(sample.accessPassView())[0] as AdaptiveCard],
  [
    'error',
    () =>
      renderErrorCard({
        message: 'I could not reach the tenant to check the file; try again in a few minutes.',
        correlationId: 'c0ffee12-3456-4789-abcd-ef0123456789',
      }),
  ],
];

describe('every card', () => {
  for (const [name, render] of CARDS) {
    describe(name, () => {
      const card = render();

      it('renders exactly its golden file', async () => {
        await assertMatchesGolden(name, card);
      });

      it('is an Adaptive Card 1.5 with its schema', () => {
        assert.equal(card.type, 'AdaptiveCard');
        assert.equal(card.version, '1.5');
        assert.equal(card.$schema, ADAPTIVE_CARD_SCHEMA);
      });

      it('parses and validates against the 1.5 object model without a problem', () => {
        assert.deepEqual(findCardProblems(card), []);
      });

      it('stays under the 28 KB card limit', () => {
        assert.ok(cardSizeBytes(card) <= CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
      });

      it('leaves no template binding unexpanded', () => {
        assert.doesNotMatch(JSON.stringify(card), /\$\{|"\$data"|"\$when"/);
      });

      it('sends only known verbs', () => {
        for (const verb of verbsOf(card)) assert.ok(isCardVerb(verb), `unknown verb ${verb}`);
      });
    });
  }
});
