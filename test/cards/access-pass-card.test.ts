import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderAccessPassCards, type AccessPassEntry } from '../../src/cards/access-pass-card.ts';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-limits.ts';
import { findAll, textOf } from './card-queries.ts';
import { accessPassView } from './sample-views.ts';

function pass(index: number): AccessPassEntry {
  return {
    displayName: `User ${index} ${'with a long display name '.repeat(3)}`,
    userPrincipalName: `user${index}@contoso.com`,
    temporaryAccessPass: `Tap-${String(index).padStart(6, '0')}`,
    startsAt: '2025-03-24T15:10:00Z',
    lifetimeInMinutes: 60,
    usableOnce: false,
  };
}

describe('temporary access pass cards', () => {
  it('shows each pass with its user and when it expires', () => {
    const [card] = renderAccessPassCards(accessPassView());
    const text = textOf(card);
    assert.match(
      text,
      /Megan Bowen\n · megan\.bowen@contoso\.com\nXk7#pQ2m-Lr9v\nOne use, valid until 24 Mar 2025, 23:10 UTC\./,
    );
    assert.match(text, /I do not keep them/);
  });

  it('says when a pass replaces one an interrupted attempt created, and only then', () => {
    const replacing = renderAccessPassCards({ jobId: 'op-1', passes: [{ ...pass(1), replacesLostPass: true }] });
    assert.match(textOf(replacing[0]), /It replaces a pass from an interrupted attempt, which no longer works\./);
    const fresh = renderAccessPassCards({ jobId: 'op-1', passes: [pass(1)] });
    assert.doesNotMatch(textOf(fresh[0]), /interrupted/);
  });

  it('spreads a large job over several cards, each under 28 KB, every pass exactly once', () => {
    const passes = Array.from({ length: 300 }, (_, index) => pass(index));
    const cards = renderAccessPassCards({ jobId: 'op-1', passes });
    assert.ok(cards.length > 1);
    const shown = cards.flatMap((card) =>
      findAll(card, (node) => node.type === 'TextRun' && node.fontType === 'monospace').map((node) => node.text),
    );
    assert.deepEqual(
      shown,
      passes.map((entry) => entry.temporaryAccessPass),
    );
    for (const card of cards) assert.ok(cardSizeBytes(card) <= CARD_SIZE_LIMIT_BYTES);
    assert.match(textOf(cards[1]), /Temporary Access Passes \(26–50 of 300\)/);
  });
});
