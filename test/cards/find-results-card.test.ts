import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LISTED_MATCHES, renderFindResultsCard } from '../../src/cards/find-results-card.ts';
import { CARD_VERBS } from '../../src/cards/verbs.ts';
import { actionsOf, textOf } from './card-queries.ts';
import { MEGAN, findResultsView } from './sample-views.ts';

describe('find results card', () => {
  it('lists each match with when it became inactive, its holds, and Recover / Restore', () => {
    const card = renderFindResultsCard(findResultsView());
    const text = textOf(card);
    assert.match(text, /2 inactive mailboxes match "bowen"/);
    assert.match(text, /Lee Bowen\n · lee\.bowen@contoso\.com\nInactive since 19 Jun 2023\nNo hold found/);
    const starts = actionsOf(card).filter((action) => action.verb === CARD_VERBS.wizardStart);
    assert.deepEqual(
      starts.map((action) => action.data),
      [
        { operation: 'recovery', mailbox: MEGAN.exchangeGuid },
        { operation: 'restore', mailbox: MEGAN.exchangeGuid },
        { operation: 'recovery', mailbox: '9d2f4c61-0b7a-4e3d-8c5b-2a1f6e7d8c9b' },
        { operation: 'restore', mailbox: '9d2f4c61-0b7a-4e3d-8c5b-2a1f6e7d8c9b' },
      ],
    );
  });

  it(`shows the first ${MAX_LISTED_MATCHES} of many matches and says how to narrow them`, () => {
    const matches = Array.from({ length: 40 }, (_, index) => ({ ...MEGAN, displayName: `Megan ${index}` }));
    const text = textOf(renderFindResultsCard(findResultsView({ query: 'megan', matches })));
    assert.match(text, /40 inactive mailboxes match "megan"/);
    assert.match(text, /Showing the first 10: add more of the name or address/);
    assert.match(text, /Megan 9\n/);
    assert.doesNotMatch(text, /Megan 10\n/);
  });

  it('says plainly when nothing matches', () => {
    const text = textOf(renderFindResultsCard(findResultsView({ query: 'nobody', matches: [] })));
    assert.match(text, /No inactive mailbox matches "nobody"\.\nTry part of the name/);
  });
});
