import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-limits.ts';
import {
  MAX_LISTED_BLOCKERS,
  renderValidationSummaryCard,
  toValidationSummaryView,
} from '../../src/cards/validation-summary-card.ts';
import { prepareJob } from '../../src/operations/jobs/prepare-job.ts';
import type { ValidationIssue } from '../../src/operations/validation-issue.ts';
import { findCardProblems } from './card-model.ts';
import { buttonTitles, findAll, textOf, verbsOf } from './card-queries.ts';
import { validationSummaryView } from './sample-views.ts';

const HOLDS_WARNING = 'The inactive mailbox is under these holds: Litigation Hold (recovery removes it).';

function warning(row: number): ValidationIssue {
  return { row, column: null, code: 'HOLDS_PRESENT', severity: 'warning', message: HOLDS_WARNING };
}

function error(row: number, message = 'The target address is already used by another recipient.'): ValidationIssue {
  return { row, column: 'target_upn', code: 'TARGET_UPN_IN_USE', severity: 'error', message };
}

/** The names the card gives in its blocked-rows list, e.g. `Row 40`. */
function listedRows(card: unknown): string[] {
  return findAll(card, (node) => node.type === 'TextRun' && typeof node.text === 'string')
    .map((node) => String(node.text))
    .filter((text) => /^(Row [\d,]+|File)$/.test(text));
}

describe('validation summary card', () => {
  it('names a blocked last row even when a warning sits on almost every row before it', () => {
    // 39 data rows on lines 2..40: a holds warning on 38 of them, the blocked one last.
    const issues = [...Array.from({ length: 38 }, (_, index) => warning(index + 2)), error(40)];
    const card = renderValidationSummaryCard(
      validationSummaryView({ counts: { total: 39, ready: 38, withWarnings: 38, blocked: 1 }, issues }),
    );
    const text = textOf(card);
    assert.match(text, /1 of 39 rows is blocked; 38 are ready/);
    assert.deepEqual(listedRows(card), ['Row 40']);
    assert.match(text, /Blocked rows \(1\)\n● \nRow 40\ntarget_upn\nThe target address is already used/);
    assert.match(text, /Warnings by code \(38 warnings\)\n● \nHOLDS_PRESENT\nFirst on row 2: The inactive mailbox/);
    assert.equal(text.split(HOLDS_WARNING).length - 1, 1, 'the holds warning is summarised once, not per row');
  });

  it('lists errors before warnings whatever order the checks found them in', () => {
    const issues = [warning(2), error(9), warning(3), error(4)];
    const text = textOf(renderValidationSummaryCard(validationSummaryView({ issues })));
    assert.ok(text.indexOf('Row 4') < text.indexOf('Row 9'));
    assert.ok(text.indexOf('Row 9') < text.indexOf('HOLDS_PRESENT'));
  });

  it('names file-level errors first, then each blocked row with all its errors', () => {
    const issues: ValidationIssue[] = [
      error(7, 'First problem on row 7.'),
      {
        row: null,
        column: 'usage_location',
        code: 'MISSING_COLUMN',
        severity: 'error',
        message: 'No usage_location column.',
      },
      { ...error(7, 'Second problem on row 7.'), column: null, code: 'OTHER' },
      error(3, 'The only problem on row 3.'),
    ];
    const card = renderValidationSummaryCard(validationSummaryView({ issues }));
    assert.deepEqual(listedRows(card), ['File', 'Row 3', 'Row 7']);
    const text = textOf(card);
    assert.match(text, /Errors in the file and blocked rows \(2\)/);
    assert.match(text, /Row 7\ntarget_upn\nFirst problem on row 7\.\nSecond problem on row 7\./);
  });

  it('keeps a 5,000-row file with 900 blocked rows under 28 KB and says how many blocked rows are not listed', () => {
    const long = `${'the target address is already used by another recipient in the tenant; '.repeat(4)}`;
    const issues: ValidationIssue[] = [];
    for (let row = 2; row <= 5001; row++) {
      issues.push({ ...warning(row), code: `WARN_${row % 14}` });
      if (row % 5 === 0 && issues.filter((issue) => issue.severity === 'error').length < 900)
        issues.push(error(row, `Row ${row}: ${long}`));
    }
    const card = renderValidationSummaryCard(
      validationSummaryView({ counts: { total: 5000, ready: 4100, withWarnings: 4100, blocked: 900 }, issues }),
    );
    assert.ok(cardSizeBytes(card) <= CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
    assert.deepEqual(findCardProblems(card), []);
    const rows = listedRows(card);
    assert.ok(rows.length > 0 && rows.length <= MAX_LISTED_BLOCKERS, `${rows.length} rows listed`);
    assert.equal(rows[0], 'Row 5');
    const text = textOf(card);
    assert.match(text, new RegExp(`Blocked rows: the first ${rows.length} rows of 900`));
    assert.match(text, new RegExp(`…and ${900 - rows.length} more blocked rows: see the full report\\.`));
    assert.match(text, /…and 4 other warning codes \(\d[\d,]* warnings\)/);
    assert.ok(buttonTitles(card).includes('Full report (CSV)'));
  });

  it('shows the first three errors of a row with many and says how many more it has', () => {
    const issues = Array.from({ length: 5 }, (_, index) => error(12, `Problem ${index + 1}.`));
    const text = textOf(renderValidationSummaryCard(validationSummaryView({ issues })));
    assert.match(text, /Problem 3\./);
    assert.doesNotMatch(text, /Problem 4\./);
    assert.match(text, /…and 2 more errors on this row\./);
  });

  it(`lists at most ${MAX_LISTED_BLOCKERS} blocked rows even when short ones would all fit`, () => {
    const issues = Array.from({ length: 100 }, (_, index) => error(index + 2, 'Not found.'));
    const card = renderValidationSummaryCard(validationSummaryView({ issues }));
    assert.equal(listedRows(card).length, MAX_LISTED_BLOCKERS);
    assert.match(textOf(card), new RegExp(`…and ${100 - MAX_LISTED_BLOCKERS} more blocked rows: see the full report`));
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

  it('summarises a prepared job: counts, content hash and the blocked row', async () => {
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
