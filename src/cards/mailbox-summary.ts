/** An inactive mailbox as the one-mailbox cards show it: a name first, the GUID only as small print. */
import { describeHolds } from '../operations/preflight/describe-holds.ts';
import type { MailboxRecord } from '../operations/tenant-ports.ts';
import { formatDate, shortenText } from './format.ts';

export interface MailboxSummary {
  displayName: string;
  primarySmtpAddress: string;
  exchangeGuid: string;
  /** When the mailbox became inactive (WhenSoftDeleted), if Exchange says. */
  deletedAt: string | null;
  /** The holds in plain words, e.g. `Litigation Hold`. */
  holds: readonly string[];
}

export function toMailboxSummary(record: MailboxRecord): MailboxSummary {
  return {
    displayName: record.displayName || record.name,
    primarySmtpAddress: record.primarySmtpAddress,
    exchangeGuid: record.exchangeGuid,
    deletedAt: record.whenSoftDeleted,
    holds: describeHolds(record),
  };
}

/** Display strings for the mailbox block shared by the find and wizard templates. */
export function mailboxData(mailbox: MailboxSummary) {
  return {
    displayName: shortenText(mailbox.displayName, 120),
    address: mailbox.primarySmtpAddress === '' ? '' : ` · ${shortenText(mailbox.primarySmtpAddress, 120)}`,
    deleted: mailbox.deletedAt === null ? 'Deletion date unknown' : `Inactive since ${formatDate(mailbox.deletedAt)}`,
    holds:
      mailbox.holds.length === 0
        ? 'No hold found: the mailbox may be purged soon'
        : `Holds: ${shortenText(mailbox.holds.join('; '), 300)}`,
    // Red, not Teams' yellow (unreadable on a light theme): a mailbox without a hold can be purged for good.
    holdsColor: mailbox.holds.length === 0 ? 'attention' : 'default',
    guid: `ExchangeGuid ${mailbox.exchangeGuid}`,
    exchangeGuid: mailbox.exchangeGuid,
  };
}
