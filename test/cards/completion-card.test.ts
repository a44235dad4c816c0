import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupFailures, renderCompletionCard, toCompletionView } from '../../src/cards/completion-card.ts';
import { CARD_VERBS } from '../../src/cards/verbs.ts';
import { createItem, type BulkOperationItem, type BulkOperationResult } from '../../src/operations/model.ts';
import { actionsOf, buttonTitles, textOf, verbsOf } from './card-queries.ts';
import { completionView } from './sample-views.ts';

function failedItem(row: number, code: string, message: string): BulkOperationItem {
  const item = createItem({ rowNumber: row, sourceIdentity: `guid-${row}`, targetIdentity: null, additionalData: {} });
  return { ...item, status: 'failed', error: { code, message } };
}

describe('completion summary card', () => {
  it('gives the totals, success rate, duration and top failures', () => {
    const text = textOf(renderCompletionCard(completionView()));
    assert.match(text, /Completed with errors/);
    assert.match(text, /1,215 completed, 14 failed, 8 skipped of 1,237 rows\./);
    assert.match(text, /Success rate\n98\.9%/);
    assert.match(text, /Duration\n31 minutes 2 seconds/);
    assert.match(text, /Top failures\nNAME_IN_USE\n9\nRow 212: .*\nTENANT_THROTTLED\n5\n/);
  });

  it('offers a retry only when rows failed or were skipped, naming both', () => {
    const withFailures = renderCompletionCard(completionView());
    assert.ok(verbsOf(withFailures).includes(CARD_VERBS.retryJob));
    assert.ok(buttonTitles(withFailures).includes('Retry the 14 failed and 8 skipped rows'));
    const failedOnly = completionView({
      totals: { total: 20, pending: 0, inProgress: 0, completed: 6, failed: 14, skipped: 0 },
    });
    assert.ok(buttonTitles(renderCompletionCard(failedOnly)).includes('Retry the 14 failed rows'));
    const clean = renderCompletionCard(
      completionView({
        state: 'completed',
        totals: { total: 10, pending: 0, inProgress: 0, completed: 10, failed: 0, skipped: 0 },
        successRate: 1,
        topFailures: [],
      }),
    );
    assert.ok(!verbsOf(clean).includes(CARD_VERBS.retryJob));
    assert.match(textOf(clean), /All 10 rows completed\./);
    assert.doesNotMatch(textOf(clean), /Top failures/);
  });

  it('downloads results through the signed link when there is one, else asks the bot for the file', () => {
    const linked = renderCompletionCard(completionView());
    const download = actionsOf(linked).find((action) => action.title === 'Download results');
    assert.equal(download?.type, 'Action.OpenUrl');
    assert.match(String(download?.url), /^https:\/\/bot\.contoso\.com\/files\//);
    const inChat = renderCompletionCard(completionView({ resultsUrl: null }));
    assert.ok(verbsOf(inChat).includes(CARD_VERBS.downloadResults));
  });

  it('says a cancelled job was cancelled and why it stopped', () => {
    const card = renderCompletionCard(
      completionView({
        state: 'cancelled',
        stopReason: { code: 'CANCELLED', message: 'Cancelled by Adele Vance.' },
      }),
    );
    assert.match(textOf(card), /Cancelled: 1,215 completed, 14 failed, 8 skipped of 1,237 rows\./);
    assert.match(textOf(card), /Stopped early: Cancelled by Adele Vance\./);
  });

  it('gives a cancelled job its true share done, and the success rate over the rows attempted', () => {
    const card = renderCompletionCard(
      completionView({
        state: 'cancelled',
        totals: { total: 8, pending: 0, inProgress: 0, completed: 3, failed: 0, skipped: 5 },
        successRate: 1,
        topFailures: [],
        stopReason: { code: 'CANCELLED', message: 'The job was cancelled by Ann Admin.' },
      }),
    );
    const text = textOf(card);
    assert.match(text, /Cancelled after 3 of 8 rows; 5 rows were not started\./);
    assert.match(text, /cancelled by Ann Admin/);
    assert.match(text, /Success rate\n100% of 3 rows attempted/);
    assert.doesNotMatch(text, /100% done|Success rate\n100%\n/);
    assert.ok(buttonTitles(card).includes('Retry the 5 skipped rows'));
  });

  it('accounts for the rows blocked at validation', () => {
    const text = textOf(
      renderCompletionCard(
        completionView({
          state: 'completed',
          totals: { total: 12, pending: 0, inProgress: 0, completed: 12, failed: 0, skipped: 0 },
          successRate: 1,
          topFailures: [],
          blockedAtValidation: 2,
        }),
      ),
    );
    assert.match(text, /12 completed, 2 blocked at validation of 14 rows\./);
    assert.match(text, /Rows in the file\n14\n/);
    assert.match(text, /Blocked at validation\n2\n/);
    assert.doesNotMatch(text, /All 12 rows completed/);
  });

  it('names the requester and the approver', () => {
    const text = textOf(renderCompletionCard(completionView()));
    assert.match(text, /Requested by\nMegan Bowen\nApproved by\nAdele Vance/);
  });

  it("keeps the channel's copy free of results links and buttons, and says who has the file", () => {
    const card = renderCompletionCard(completionView({ channelCopy: true }));
    assert.deepEqual(
      actionsOf(card).filter((action) => action.type === 'Action.OpenUrl'),
      [],
    );
    assert.ok(!verbsOf(card).includes(CARD_VERBS.downloadResults));
    assert.doesNotMatch(JSON.stringify(card), /\/files\//);
    assert.match(textOf(card), /not posted here: Megan Bowen gets it in a 1:1 chat with the bot/);
  });

  it('groups failed rows by code, most frequent first, with one example each', () => {
    const groups = groupFailures([
      failedItem(5, 'NAME_IN_USE', 'Name a taken.'),
      failedItem(9, 'TENANT_THROTTLED', 'Throttled.'),
      failedItem(7, 'NAME_IN_USE', 'Name b taken.'),
    ]);
    assert.deepEqual(groups, [
      { code: 'NAME_IN_USE', count: 2, example: 'Row 5: Name a taken.' },
      { code: 'TENANT_THROTTLED', count: 1, example: 'Row 9: Throttled.' },
    ]);
  });

  it("is built from the engine's final result", () => {
    const items = [failedItem(2, 'NAME_IN_USE', 'Name taken.')];
    const result: BulkOperationResult = {
      jobId: 'op-3',
      operationType: 'recovery',
      state: 'completed_with_errors',
      totals: { total: 3, pending: 0, inProgress: 0, completed: 2, failed: 1, skipped: 0 },
      items,
      startedAt: '2025-03-24T15:00:00Z',
      completedAt: '2025-03-24T15:00:42Z',
      durationSeconds: 42,
      successRate: 2 / 3,
      retryOf: 'op-1',
      stopReason: null,
    };
    const text = textOf(renderCompletionCard(toCompletionView(result, { fileName: 'a.csv', resultsUrl: null })));
    assert.match(text, /Success rate\n66\.7%/);
    assert.match(text, /Duration\n42 seconds/);
    assert.match(text, /Job op-3, a retry of job op-1\. Retrying makes a new job, which needs approval again\./);
    assert.match(text, /NAME_IN_USE\n1\nRow 2: Name taken\./);
  });
});
