/**
 * Teams refuses a message over about 40 KB (413 MessageSizeTooBig); a card kept under 28 KB leaves room for
 * the activity around it. Lists on a card are capped by measuring the card, not by guessing a count.
 */

export const CARD_SIZE_LIMIT_BYTES = 28 * 1024;

export class CardTooLargeError extends Error {
  readonly code = 'CARD_TOO_LARGE';
  readonly sizeBytes: number;

  constructor(sizeBytes: number) {
    super(`The card is ${sizeBytes} bytes; Teams cards must stay under ${CARD_SIZE_LIMIT_BYTES} bytes.`);
    this.name = 'CardTooLargeError';
    this.sizeBytes = sizeBytes;
  }
}

/** The card's size as Teams receives it: UTF-8 bytes of its JSON. */
export function cardSizeBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export function assertCardSize(card: unknown): void {
  const size = cardSizeBytes(card);
  if (size > CARD_SIZE_LIMIT_BYTES) throw new CardTooLargeError(size);
}

/**
 * The card showing as many of `items` as fit (at most `max`), found by bisection, and how many it shows.
 * `render(shown)` gets the first items and may throw CardTooLargeError. Throws if even none fit.
 */
export function renderFittingList<T, C>(
  items: readonly T[],
  max: number,
  render: (shown: readonly T[]) => C,
): { card: C; shownCount: number } {
  const tryRender = (count: number): C | undefined => {
    try {
      return render(items.slice(0, count));
    } catch (error) {
      if (error instanceof CardTooLargeError) return undefined;
      throw error;
    }
  };
  let low = 0;
  let high = Math.min(max, items.length);
  const all = tryRender(high);
  if (all !== undefined) return { card: all, shownCount: high };
  let best: { card: C; shownCount: number } | undefined;
  // Invariant: `high` items do not fit; `best` (when set) shows `low` items.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const card = tryRender(middle);
    if (card === undefined) high = middle;
    else {
      low = middle;
      best = { card, shownCount: middle };
    }
  }
  return best ?? { card: render([]), shownCount: 0 };
}
