/** How restore requests look to the three restore cmdlets, and how an -Identity finds one. */
import type { StoredRestoreRequest, TenantState } from '../tenant-state.ts';
import { computeRestoreProgress, STATISTICS_ONLY_PROPERTIES } from '../restore-progress.ts';
import type { ExchangeObject } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';

const DEFAULT_PERCENT: Record<string, number> = { Completed: 100, CompletedWithWarning: 100, Queued: 0, None: 0 };

/** Request and statistics properties together, the status computed from the clock for live requests. */
export function describeRestoreStatistics(stored: StoredRestoreRequest, nowMs: number): ExchangeObject {
  const { request, plan } = stored;
  if (plan) return { ...request, ...computeRestoreProgress(plan, nowMs) };
  return {
    StatusDetail: request.Status,
    PercentComplete: DEFAULT_PERCENT[request.Status] ?? 50,
    ...request,
  };
}

/** What Get-MailboxRestoreRequest returns: the request without its statistics. */
export function describeRestoreRequest(stored: StoredRestoreRequest, nowMs: number): ExchangeObject {
  return Object.fromEntries(
    Object.entries(describeRestoreStatistics(stored, nowMs)).filter(([key]) => !STATISTICS_ONLY_PROPERTIES.has(key)),
  );
}

/** By RequestGuid, by Identity (`<target alias>\<name>`) or, leniently, by Name alone. */
export function resolveRestoreRequest(state: TenantState, identity: string): StoredRestoreRequest {
  const wanted = identity.trim().toLowerCase();
  const matches = state.restoreRequests.filter(({ request }) =>
    [request.RequestGuid, request.Identity, request.Name].some(
      (value) => typeof value === 'string' && value.toLowerCase() === wanted,
    ),
  );
  if (matches.length === 0) throw exchangeErrors.objectNotFound(identity, state.domainController);
  if (matches.length > 1) throw exchangeErrors.ambiguous(identity);
  return matches[0] as StoredRestoreRequest;
}

/** The lines `-IncludeReport` adds, built from the request's timestamps. */
export function buildRestoreReport(statistics: ExchangeObject): { Entries: string[] } {
  const line = (timestamp: unknown, text: string) =>
    typeof timestamp === 'string' ? [`${timestamp} [sandbox] ${text}`] : [];
  return {
    Entries: [
      ...line(statistics.QueuedTimestamp, `'${String(statistics.Name)}' created request and queued it.`),
      ...line(
        statistics.StartTimestamp,
        'The Microsoft Exchange Mailbox Replication service is examining the request.',
      ),
      ...line(statistics.StartTimestamp, `Copying messages: ${String(statistics.ItemsTransferred ?? 0)} items so far.`),
      ...line(statistics.CompletionTimestamp, 'Request is complete.'),
      ...line(statistics.FailureTimestamp, `Fatal error ${String(statistics.FailureType)} has occurred.`),
    ],
  };
}
