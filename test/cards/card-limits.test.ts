import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CARD_SIZE_LIMIT_BYTES,
  CardTooLargeError,
  assertCardSize,
  cardSizeBytes,
  renderFittingList,
} from '../../src/cards/card-limits.ts';

describe('card limits', () => {
  it('measures a card in UTF-8 bytes of its JSON, so accented names count double', () => {
    assert.equal(cardSizeBytes({ text: 'abc' }), '{"text":"abc"}'.length);
    assert.equal(cardSizeBytes({ text: 'é' }), '{"text":""}'.length + 2);
  });

  it('accepts a card of exactly 28 KB and refuses one byte more with a stable code', () => {
    const padding = (bytes: number) => ({ text: 'x'.repeat(bytes - '{"text":""}'.length) });
    assert.doesNotThrow(() => assertCardSize(padding(CARD_SIZE_LIMIT_BYTES)));
    assert.throws(
      () => assertCardSize(padding(CARD_SIZE_LIMIT_BYTES + 1)),
      (error: unknown) => error instanceof CardTooLargeError && error.code === 'CARD_TOO_LARGE',
    );
  });

  it('shows as many list items as fit and says how many', () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    const render = (shown: readonly number[]) => {
      if (shown.length > 37) throw new CardTooLargeError(CARD_SIZE_LIMIT_BYTES + 1);
      return shown.length;
    };
    assert.deepEqual(renderFittingList(items, 50, render), { card: 37, shownCount: 37 });
    assert.deepEqual(renderFittingList(items, 20, render), { card: 20, shownCount: 20 });
    assert.deepEqual(renderFittingList([], 20, render), { card: 0, shownCount: 0 });
  });

  it('lets other rendering errors through instead of hiding them as "too large"', () => {
    assert.throws(
      () =>
        renderFittingList([1, 2], 2, () => {
          throw new TypeError('bug');
        }),
      TypeError,
    );
  });
});
