import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-limits.ts';
import {
  MAX_LISTED_ISSUES,
  renderValidationSummaryCard,
  toValidationSummaryView,
} from '../../src/cards/validation-summary-card.ts';
import { prepareJob } from '../../src/operations/jobs/prepare-job.ts';
import type { ValidationIssue } from '../../src/operations/validation-issue.ts';
import { findCardProblems } from './card-model.ts';
import { buttonTitles, findAll, textOf, verbsOf } from './card-queries.ts';
import { validationSummaryView } from './sample-views.ts';

function longIssues(count: number): ValidationIssue[] {
  return Array.from({ length: count }, (_, index) => ({
    row: index + 2,
    column: 'target_upn',
    code: `CODE_${index % 40}`,
    severity: 'error',
    message: `Row ${index + 2}: ${'the target address is already used by another recipient in the tenant; '.repeat(12)}`,
  }));
}

describe('validation summary card', () => {
  it('stays under 28 KB with 5,000 long issues, listing the first ones and pointing to the report', () => {
    const issues = longIssues(5000);
    const card = renderValidationSummaryCard(
      validationSummaryView({
        counts: { total: 5000, ready: 0, withWarnings: 0, blocked: 5000 },
        issues,
        issuesByCode: Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`CODE_${index}`, 125])),
      }),
    );
    assert.ok(cardSizeBytes(card) <= CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
    assert.deepEqual(findCardProblems(card), []);
    const text = textOf(card);
    assert.match(text, /First \d+ of 5,000 issues/);
    assert.match(text, /Row 2\b/);
    assert.doesNotMatch(text, /Row 5,001/);
    assert.match(text, /…and 30 other codes \(3,750 issues\)/);
    assert.ok(buttonTitles(card).includes('Full report (CSV)'));
  });

  it(`lists at most ${MAX_LISTED_ISSUES} issues even when short ones would all fit`, () => {
    const issues = Array.from({ length: 100 }, (_, index) => ({
      row: index + 2,
      column: null,
      code: 'SOURCE_NOT_FOUND',
      severity: 'error' as const,
      message: 'Not found.',
    }));
    const card = renderValidationSummaryCard(validationSummaryView({ issues }));
    assert.match(textOf(card), new RegExp(`First ${MAX_LISTED_ISSUES} of 100 issues`));
  });

  it('offers "Submit for approval" only when rows are ready and none is blocked', () => {
    const ready = renderValidationSummaryCard(
      validationSummaryView({ counts: { total: 10, ready: 10, withWarnings: 2, blocked: 0 } }),
    );
    assert.deepEqual(verbsOf(ready), ['job.submit']);
    assert.match(textOf(ready), /All 10 rows are ready; 2 have warnings/);
  });

  it('offers "Submit only the ready rows" and the fix-and-re-upload advice when some rows are blocked', () => {
    const card = renderValidationSummaryCard(validationSummaryView());
    assert.deepEqual(verbsOf(card), ['job.submitReady']);
    assert.ok(buttonTitles(card).includes('Submit only the 1,237 ready rows'));
    assert.match(textOf(card), /Fix the blocked rows and send the file again, or submit only the ready rows/);
  });

  it('offers no submission at all when every row is blocked', () => {
    const card = renderValidationSummaryCard(
      validationSummaryView({ counts: { total: 3, ready: 0, withWarnings: 0, blocked: 3 } }),
    );
    assert.deepEqual(verbsOf(card), []);
    assert.match(textOf(card), /Nothing can run: all 3 rows are blocked/);
  });

  it('offers no submission when the type of the file is unknown', () => {
    const card = renderValidationSummaryCard(validationSummaryView({ operationType: null }));
    assert.deepEqual(verbsOf(card), []);
    assert.match(textOf(card), /could not tell what this file is for/);
  });

  it('leaves out the report button when there is no report link', () => {
    const card = renderValidationSummaryCard(validationSummaryView({ reportUrl: null }));
    assert.ok(!buttonTitles(card).includes('Full report (CSV)'));
  });

  it("shows the admin's own text literally: no template expansion, no markdown", () => {
    const card = renderValidationSummaryCard(
      validationSummaryView({
        fileName: '${jobId}_**march**_.csv',
        issues: [{ row: 2, column: 'target_upn', code: 'X', severity: 'error', message: 'Bad value "${x}" in _a_b_.' }],
      }),
    );
    const runs = findAll(card, (node) => node.type === 'TextRun').map((node) => node.text);
    assert.ok(runs.includes('${jobId}_**march**_.csv'));
    assert.ok(runs.includes('Bad value "${x}" in _a_b_.'));
  });

  it('summarises a prepared job: counts, content hash and every issue with its row', async () => {
    const csv = [
      'source_guid,target_upn,display_name',
      '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40,megan.bowen@contoso.com,Megan Bowen',
      'not-a-guid,alex.wilber@contoso.com,Alex Wilber',
    ].join('\n');
    const job = await prepareJob(
      { fileName: 'leavers.csv', bytes: new TextEncoder().encode(csv) },
      {},
      { jobId: 'op-1', actor: 'megan' },
    );
    const view = toValidationSummaryView(job, null);
    assert.equal(view.operationType, 'recovery');
    assert.deepEqual(view.counts, { total: 2, ready: 1, withWarnings: 0, blocked: 1 });
    const card = renderValidationSummaryCard(view);
    const text = textOf(card);
    assert.match(text, /1 of 2 rows is blocked; 1 is ready/);
    assert.match(text, /Row 3\b/);
    assert.match(text, new RegExp(`Content hash ${job.readyRowsHash}`));
  });
});
