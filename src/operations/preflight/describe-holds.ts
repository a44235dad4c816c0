import type { MailboxRecord } from '../tenant-ports.ts';

export type HoldFields = Pick<
  MailboxRecord,
  'litigationHoldEnabled' | 'inPlaceHolds' | 'complianceTagHoldApplied' | 'delayHoldApplied' | 'delayReleaseHoldApplied'
>;

/**
 * The holds on a mailbox in plain words, e.g. `['Litigation Hold', 'eDiscovery case hold (UniH…)']`.
 * InPlaceHolds prefixes follow Purview's documentation; a leading `-` marks an exclusion from an
 * organisation-wide policy, which is not a hold.
 */
export function describeHolds(mailbox: HoldFields): string[] {
  const kinds: string[] = [];
  if (mailbox.litigationHoldEnabled) kinds.push('Litigation Hold');
  for (const hold of mailbox.inPlaceHolds) {
    const value = hold.trim();
    if (value === '' || value.startsWith('-')) continue;
    kinds.push(describeInPlaceHold(value));
  }
  if (mailbox.complianceTagHoldApplied) kinds.push('retention label hold');
  if (mailbox.delayHoldApplied) kinds.push('delay hold');
  if (mailbox.delayReleaseHoldApplied) kinds.push('delay release hold');
  return kinds;
}

/** `describeHolds` joined for a CSV cell or a sentence: `'Litigation Hold; delay hold'`, or `''`. */
export function formatHolds(mailbox: HoldFields): string {
  return describeHolds(mailbox).join('; ');
}

function describeInPlaceHold(value: string): string {
  if (/^UniH/i.test(value)) return `eDiscovery case hold (${value})`;
  if (/^(mbx|skp|grp)/i.test(value)) return `retention policy (${value})`;
  return `legacy In-Place Hold (${value})`;
}
