/** Restore requests and mailbox statistics for the generated tenant. */
import type {
  FixtureMailbox,
  FixtureMailboxStatistics,
  FixtureRestoreRequest,
  RestoreOutcome,
} from './fixture-types.ts';
import { formatByteQuantity, formatExchangeDate } from './exchange-values.ts';
import type { Prng } from './prng.ts';
import { computeRestoreProgress } from './restore-progress.ts';

const HOUR_MS = 3_600_000;

export function generateStatistics(prng: Prng, mailboxes: FixtureMailbox[]): FixtureMailboxStatistics[] {
  return mailboxes.map((mailbox) => {
    const itemCount = prng.int(50, 120_000);
    const deletedCount = prng.int(0, Math.floor(itemCount / 10));
    return {
      DisplayName: mailbox.DisplayName,
      MailboxGuid: mailbox.ExchangeGuid,
      MailboxTypeDetail: mailbox.RecipientTypeDetails,
      IsArchiveMailbox: false,
      ItemCount: itemCount,
      TotalItemSize: formatByteQuantity(itemCount * prng.int(20_000, 90_000)),
      DeletedItemCount: deletedCount,
      TotalDeletedItemSize: formatByteQuantity(deletedCount * prng.int(20_000, 60_000)),
      LastLogonTime: mailbox.WhenSoftDeleted,
    };
  });
}

type Scenario = { status: FixtureRestoreRequest['Status']; outcome: RestoreOutcome; share: number };

/** Finished, failed and unfinished requests: the unfinished ones make RESTORE_ALREADY_EXISTS reachable. */
const SCENARIOS: readonly Scenario[] = [
  { status: 'Completed', outcome: 'Completed', share: 1 },
  { status: 'CompletedWithWarning', outcome: 'CompletedWithWarning', share: 1 },
  { status: 'Failed', outcome: 'Failed', share: 1 },
  { status: 'InProgress', outcome: 'Completed', share: 0.6 },
  { status: 'Queued', outcome: 'Completed', share: 0 },
  { status: 'Suspended', outcome: 'Completed', share: 0.4 },
];

export function generateRestoreRequests(
  prng: Prng,
  inactives: FixtureMailbox[],
  actives: FixtureMailbox[],
  referenceMs: number,
): FixtureRestoreRequest[] {
  if (inactives.length === 0 || actives.length === 0) return [];
  return SCENARIOS.map((scenario, index) => {
    const source = inactives[(index * 37 + 3) % inactives.length] as FixtureMailbox;
    const target = actives[(index * 11 + 2) % actives.length] as FixtureMailbox;
    const name = index === 0 ? 'MailboxRestore' : `Restore-${source.Alias}`;
    const durationMs = prng.int(2, 30) * HOUR_MS;
    const queuedAtMs = referenceMs - prng.int(1, 20) * 24 * HOUR_MS;
    const progress = computeRestoreProgress(
      {
        queuedAtMs,
        durationMs,
        outcome: scenario.outcome,
        estimatedBytes: prng.int(1, 40_000) * 1_000_000,
        estimatedItems: prng.int(100, 90_000),
      },
      scenario.share === 0 ? queuedAtMs : queuedAtMs + durationMs * (0.2 + 0.8 * scenario.share),
    );
    const suspended = scenario.status === 'Suspended' ? { StatusDetail: 'Suspended' } : {};
    return {
      Name: name,
      Identity: `${target.Alias}\\${name}`,
      RequestGuid: prng.guid(),
      BatchName: '',
      SourceExchangeGuid: source.ExchangeGuid,
      TargetExchangeGuid: target.ExchangeGuid,
      TargetMailbox: target.Name,
      WhenCreated: formatExchangeDate(queuedAtMs),
      ...progress,
      Status: scenario.status,
      ...suspended,
    };
  });
}
