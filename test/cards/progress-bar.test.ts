import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgressBar, finishedRatio } from '../../src/cards/progress-bar.ts';
import type { OperationTotals } from '../../src/operations/model.ts';

function totals(counts: Partial<OperationTotals>): OperationTotals {
  const base = { pending: 0, inProgress: 0, completed: 0, failed: 0, skipped: 0, ...counts };
  return { ...base, total: base.pending + base.inProgress + base.completed + base.failed + base.skipped };
}

describe('progress bar', () => {
  it('splits the bar by status in reading order, leaving out empty parts', () => {
    assert.deepEqual(buildProgressBar(totals({ completed: 600, failed: 100, pending: 300 })), [
      { weight: 600, style: 'good' },
      { weight: 100, style: 'attention' },
      { weight: 300, style: 'emphasis' },
    ]);
  });

  it('keeps a single failure among 5,000 rows visible', () => {
    const bar = buildProgressBar(totals({ completed: 4999, failed: 1 }));
    assert.ok((bar.find((segment) => segment.style === 'attention')?.weight ?? 0) >= 10);
  });

  it('shows an empty bar for a job with no rows yet', () => {
    assert.deepEqual(buildProgressBar(totals({})), [{ weight: 1000, style: 'emphasis' }]);
  });

  it('counts completed and failed rows as finished, not the skipped rows that never started', () => {
    assert.equal(finishedRatio(totals({ completed: 2, failed: 1, skipped: 1, pending: 4 })), 3 / 8);
  });
});
