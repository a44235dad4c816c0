/** `find <name or address>`: matching inactive mailboxes, each with Recover and Restore to start the wizard. */
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { countNoun, formatCount, shortenText } from './format.ts';
import { mailboxData, type MailboxSummary } from './mailbox-summary.ts';
import template from './templates/find-results.json' with { type: 'json' };

export interface FindResultsView {
  query: string;
  /** Every match, best first: the card lists as many as fit. */
  matches: readonly MailboxSummary[];
}

export const MAX_LISTED_MATCHES = 10;

export function renderFindResultsCard(view: FindResultsView): AdaptiveCard {
  const query = shortenText(view.query, 80);
  const total = view.matches.length;
  return renderFittingList(view.matches, MAX_LISTED_MATCHES, (shown) =>
    expandCard(template, {
      heading:
        total === 0
          ? `No inactive mailbox matches "${query}".`
          : `${countNoun(total, 'inactive mailbox', 'inactive mailboxes')} ${total === 1 ? 'matches' : 'match'} "${query}"`,
      hasNote: total === 0 || shown.length < total,
      note:
        total === 0
          ? 'Try part of the name, the address, or the ExchangeGuid. Only inactive mailboxes are searched.'
          : `Showing the first ${formatCount(shown.length)}: add more of the name or address to narrow it down.`,
      results: shown.map(mailboxData),
    }),
  ).card;
}
