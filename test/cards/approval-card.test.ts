import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderApprovalCard, type ApprovalView } from '../../src/cards/approval-card.ts';
import { CARD_VERBS } from '../../src/cards/verbs.ts';
import { findCardProblems } from './card-model.ts';
import { buttonTitles, inputsOf, textOf, verbsOf } from './card-queries.ts';
import { APPROVER_IDS, approvalView } from './sample-views.ts';

const DECIDED: [string, ApprovalView['decision'], RegExp][] = [
  [
    'approved',
    { status: 'approved', by: 'Adele Vance', at: '2025-03-24T14:31:02Z' },
    /Approved by Adele Vance on 24 Mar 2025, 14:31 UTC/,
  ],
  [
    'rejected',
    { status: 'rejected', by: 'Alex Wilber', at: '2025-03-24T14:40:00Z', reason: 'Split out the legal team.' },
    /Rejected by Alex Wilber on 24 Mar 2025, 14:40 UTC[\s\S]*Reason: Split out the legal team\./,
  ],
  [
    'expired',
    { status: 'expired', at: '2025-03-25T14:05:12Z' },
    /Expired on 25 Mar 2025, 14:05 UTC without a decision/,
  ],
];

describe('approval card', () => {
  it('shows everyone a read-only "waiting for approval by …" card with the job summary', () => {
    const card = renderApprovalCard(approvalView());
    const text = textOf(card);
    assert.match(text, /Waiting for approval by Adele Vance or Alex Wilber\./);
    for (const fact of ['Rows to run', '1,237', 'Requested by', 'Megan Bowen', 'Content hash', '3fa9c2e1b7d0']) {
      assert.ok(text.includes(fact), fact);
    }
    assert.match(text, /Expires\n25 Mar 2025, 14:05 UTC/);
    assert.ok(!buttonTitles(card).includes('Approve'));
    assert.ok(!buttonTitles(card).includes('Reject'));
  });

  it('gives Approve and Reject (with an optional reason) only in the approver view', () => {
    const base = renderApprovalCard(approvalView());
    const approver = renderApprovalCard(approvalView(), 'approver');
    assert.ok(!verbsOf(base).includes(CARD_VERBS.approve));
    assert.ok(!verbsOf(base).includes(CARD_VERBS.reject));
    assert.ok(verbsOf(approver).includes(CARD_VERBS.approve));
    assert.ok(verbsOf(approver).includes(CARD_VERBS.reject));
    assert.deepEqual(
      inputsOf(approver).map((input) => input.id),
      ['reason'],
    );
    assert.deepEqual(inputsOf(base), []);
  });

  it('binds Approve and Reject to the job and its content hash', () => {
    const approver = renderApprovalCard(approvalView(), 'approver');
    const approve = approver.actions?.find((action) => action.verb === CARD_VERBS.approve);
    assert.deepEqual(approve?.data, { jobId: approvalView().jobId, contentHash: '3fa9c2e1b7d0' });
  });

  it('asks Teams to fetch the approver view for the listed approvers', () => {
    const card = renderApprovalCard(approvalView());
    assert.deepEqual(card.refresh, {
      action: { type: 'Action.Execute', verb: CARD_VERBS.refreshApproval, data: { jobId: approvalView().jobId } },
      userIds: APPROVER_IDS,
    });
  });

  it('lists at most 60 approvers for the automatic refresh, each once', () => {
    const ids = Array.from({ length: 100 }, (_, index) => `29:user-${index}`);
    const card = renderApprovalCard(approvalView({ approverUserIds: [...ids, ...ids] }));
    assert.equal(card.refresh?.userIds.length, 60);
    assert.equal(new Set(card.refresh?.userIds).size, 60);
    assert.deepEqual(findCardProblems(card), []);
  });

  it('lets approvers Teams cannot list (a group) ask for their view with "Review as approver"', () => {
    const card = renderApprovalCard(approvalView({ approverUserIds: [], approverNames: ['Mailbox Admins group'] }));
    assert.equal(card.refresh, undefined);
    assert.ok(buttonTitles(card).includes('Review as approver'));
    assert.match(textOf(card), /Waiting for approval by Mailbox Admins group\./);
  });

  it('names three approvers and counts the rest', () => {
    const names = ['Adele Vance', 'Alex Wilber', 'Lee Gu', 'Nestor Wilke', 'Patti Fernandez'];
    const card = renderApprovalCard(approvalView({ approverNames: names }));
    assert.match(textOf(card), /Waiting for approval by Adele Vance, Alex Wilber, Lee Gu or 2 others\./);
  });

  it('warns on the card when self-approval is allowed', () => {
    assert.doesNotMatch(textOf(renderApprovalCard(approvalView())), /Self-approval/);
    const card = renderApprovalCard(approvalView({ selfApprovalAllowed: true }));
    assert.match(textOf(card), /Self-approval is allowed here/);
  });

  for (const [status, decision, sentence] of DECIDED) {
    it(`shows who decided and when once ${status}, with no buttons and no refresh for anyone`, () => {
      for (const audience of ['everyone', 'approver'] as const) {
        const card = renderApprovalCard(approvalView({ decision, selfApprovalAllowed: true }), audience);
        assert.match(textOf(card), sentence);
        assert.deepEqual(verbsOf(card), []);
        assert.equal(card.refresh, undefined);
        assert.deepEqual(inputsOf(card), []);
        assert.doesNotMatch(textOf(card), /Self-approval/);
      }
    });
  }
});
