import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-limits.ts';
import { renderProgressCard, toProgressView } from '../../src/cards/progress-card.ts';
import { CARD_VERBS } from '../../src/cards/verbs.ts';
import type { ProgressSnapshot } from '../../src/operations/bulk/progress-tracker.ts';
import type { OperationState } from '../../src/operations/model.ts';
import { findCardProblems } from './card-model.ts';
import { findAll, textOf, verbsOf } from './card-queries.ts';
import { progressView } from './sample-views.ts';

const FINISHED: OperationState[] = ['completed', 'completed_with_errors', 'cancelled', 'failed'];

describe('progress card', () => {
  it('shows the bar, the counts, the pace and the time left while running', () => {
    const card = renderProgressCard(progressView());
    const text = textOf(card);
    assert.match(text, /Running/);
    assert.match(text, /62\.7% done: 775 of 1,237 rows finished/);
    assert.match(text, /Completed\n761\nFailed\n14\nSkipped\n8\nIn progress\n4\nPending\n450/);
    assert.match(text, /42 rows a minute, about 11 minutes left\./);
    const bar = findAll(card, (node) => node.type === 'Column' && typeof node.style === 'string');
    assert.deepEqual(
      bar.map((column) => column.style),
      ['good', 'attention', 'warning', 'accent', 'emphasis'],
    );
  });

  it('lists the latest errors, newest first, with their rows', () => {
    const text = textOf(renderProgressCard(progressView()));
    assert.match(text, /Latest 2 errors\nRow 388\n.*throttling[\s\S]*Row 212\n.*'a\.smith'/);
  });

  it('offers Cancel only while the job runs', () => {
    assert.ok(verbsOf(renderProgressCard(progressView())).includes(CARD_VERBS.cancel));
    for (const state of FINISHED) {
      const card = renderProgressCard(progressView({ state }));
      assert.deepEqual(verbsOf(card), [], state);
    }
  });

  it('says "Cancelling" and hides Cancel once someone asked to cancel', () => {
    const card = renderProgressCard(progressView({ cancelRequested: true }));
    assert.match(textOf(card), /Cancelling/);
    assert.ok(!verbsOf(card).includes(CARD_VERBS.cancel));
  });

  it('says "Interrupted", not "Running", for a job a restart interrupted, and what became of it', () => {
    const card = renderProgressCard(progressView({ interruption: 'interrupted by a restart, resumed at start-up' }));
    const text = textOf(card);
    assert.match(text, /Interrupted/);
    assert.doesNotMatch(text, /Running/);
    assert.match(text, /Interrupted by a restart, resumed at start-up\. Rows that were in progress are checked/);
    assert.doesNotMatch(textOf(renderProgressCard(progressView())), /Interrupted/);
  });

  it('shows where the restore requests are for a restore job', () => {
    const card = renderProgressCard(
      progressView({ operationType: 'restore', restoreRequests: { submitted: 3, inProgress: 22, completed: 14 } }),
    );
    assert.match(textOf(card), /Restore requests\nSubmitted\n3\nIn progress\n22\nCompleted\n14/);
    assert.doesNotMatch(textOf(renderProgressCard(progressView())), /Restore requests/);
  });

  it("shows how far Exchange has copied a restore job's requests on average", () => {
    const restoreRequests = { submitted: 3, inProgress: 22, completed: 14, percentComplete: 62.54 };
    const card = renderProgressCard(progressView({ operationType: 'restore', restoreRequests }));
    assert.match(textOf(card), /Completed\n14\nCopied \(average\)\n62\.5%/);
    const none = renderProgressCard(
      progressView({ operationType: 'restore', restoreRequests: { ...restoreRequests, percentComplete: null } }),
    );
    assert.doesNotMatch(textOf(none), /Copied/);
  });

  it('says why a job stopped early', () => {
    const card = renderProgressCard(
      progressView({
        state: 'failed',
        stopReason: { code: 'TENANT_FORBIDDEN', message: 'The app lost a permission.' },
      }),
    );
    assert.match(textOf(card), /Failed[\s\S]*Stopped early: The app lost a permission\./);
  });

  it('gives a cancelled job its true share done and says how many rows never started', () => {
    const text = textOf(
      renderProgressCard(
        progressView({
          state: 'cancelled',
          totals: { total: 8, pending: 0, inProgress: 0, completed: 3, failed: 0, skipped: 5 },
          stopReason: { code: 'CANCELLED', message: 'The job was cancelled by Ann Admin.' },
        }),
      ),
    );
    assert.match(text, /Cancelled after 3 of 8 rows; 5 rows were not started\. 37\.5% done: 3 of 8 rows finished/);
    assert.doesNotMatch(text, /100% done/);
    assert.match(text, /cancelled by Ann Admin/);
  });

  it('stays under 28 KB whatever the error messages hold', () => {
    const lastErrors = Array.from({ length: 5 }, (_, index) => ({
      row: index + 2,
      code: 'X',
      message: 'é'.repeat(20_000),
    }));
    const card = renderProgressCard(progressView({ lastErrors }));
    assert.ok(cardSizeBytes(card) <= CARD_SIZE_LIMIT_BYTES);
    assert.deepEqual(findCardProblems(card), []);
  });

  it("is built from the engine's progress snapshot", () => {
    const snapshot: ProgressSnapshot = {
      jobId: 'op-9',
      operationType: 'restore',
      state: 'running',
      totals: { total: 4, pending: 1, inProgress: 1, completed: 1, failed: 1, skipped: 0 },
      throughputPerMinute: 2,
      etaSeconds: null,
      lastErrors: [{ row: 3, code: 'RESTORE_FAILED', message: 'The restore request failed.' }],
    };
    const view = toProgressView(snapshot, { fileName: 'restore.csv', updatedAt: '2025-03-24T15:00:00Z' });
    const text = textOf(renderProgressCard(view));
    assert.match(text, /Restore of 4 mailboxes/);
    assert.match(text, /2 rows a minute, estimating the time left\./);
    assert.match(text, /Job op-9\. Updated 24 Mar 2025, 15:00 UTC\./);
  });
});
