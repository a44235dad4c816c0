/**
 * Temporary Access Passes for recovered users. The bot sends these cards only in the requester's 1:1 chat and
 * never stores them; a large job's passes are split over as many cards as the size limit needs.
 */
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { formatCount, formatDateTime, shortenText } from './format.ts';
import template from './templates/access-pass.json' with { type: 'json' };

export interface AccessPassEntry {
  displayName: string;
  userPrincipalName: string;
  temporaryAccessPass: string;
  startsAt: string;
  lifetimeInMinutes: number;
  usableOnce: boolean;
  /** An interrupted attempt had created a pass nobody received; it was deleted before this one was made. */
  replacesLostPass?: boolean;
}

export interface AccessPassView {
  jobId: string;
  passes: readonly AccessPassEntry[];
}

const MAX_PASSES_PER_CARD = 25;

export function renderAccessPassCards(view: AccessPassView): AdaptiveCard[] {
  const cards: AdaptiveCard[] = [];
  let remaining = view.passes;
  while (remaining.length > 0) {
    const first = view.passes.length - remaining.length;
    const page = renderFittingList(remaining, MAX_PASSES_PER_CARD, (shown) => renderPage(view, shown, first));
    cards.push(page.card);
    // One pass too big for a card on its own cannot be shown: stop rather than loop.
    if (page.shownCount === 0) break;
    remaining = remaining.slice(page.shownCount);
  }
  return cards;
}

function renderPage(view: AccessPassView, shown: readonly AccessPassEntry[], first: number): AdaptiveCard {
  const total = view.passes.length;
  const range =
    total <= shown.length
      ? ''
      : ` (${formatCount(first + 1)}–${formatCount(first + shown.length)} of ${formatCount(total)})`;
  return expandCard(template, {
    heading: `Temporary Access ${total === 1 ? 'Pass' : 'Passes'}${range}`,
    passes: shown.map((entry) => ({
      displayName: shortenText(entry.displayName, 120),
      upn: ` · ${shortenText(entry.userPrincipalName, 120)}`,
      pass: entry.temporaryAccessPass,
      validity:
        `${entry.usableOnce ? 'One use, valid' : 'Valid'} until ${formatDateTime(expiryOf(entry))}.` +
        (entry.replacesLostPass ? ' It replaces a pass from an interrupted attempt, which no longer works.' : ''),
    })),
    footer: `Job ${view.jobId}. Each user signs in with the pass and sets up their own password or passkey.`,
  });
}

function expiryOf(entry: AccessPassEntry): string {
  const start = new Date(entry.startsAt).getTime();
  if (Number.isNaN(start)) return entry.startsAt;
  return new Date(start + entry.lifetimeInMinutes * 60_000).toISOString();
}
