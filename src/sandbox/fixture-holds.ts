/** The holds that keep a mailbox inactive, in the string forms Exchange reports them. */
import type { Prng } from './prng.ts';

export const HOLD_KINDS = [
  'litigation',
  'ediscovery-case',
  'retention-mailbox',
  'retention-skype',
  'retention-group',
  'retention-excluded',
  'legacy-in-place',
  'legacy-cloud',
  'compliance-tag',
  'delay',
  'delay-release',
] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export interface MailboxHolds {
  LitigationHoldEnabled: boolean;
  InPlaceHolds: string[];
  ComplianceTagHoldApplied: boolean;
  DelayHoldApplied: boolean;
  DelayReleaseHoldApplied: boolean;
}

function compactGuid(prng: Prng): string {
  return prng.guid().replaceAll('-', '');
}

/** The InPlaceHolds entry for a hold kind, or undefined when the kind is a flag rather than a list entry. */
function describeInPlaceHold(prng: Prng, kind: HoldKind): string | undefined {
  switch (kind) {
    case 'ediscovery-case':
      return `UniH${prng.guid()}`;
    case 'retention-mailbox':
      return `mbx${compactGuid(prng)}:${prng.pick([1, 2, 3])}`;
    case 'retention-skype':
      return `skp${compactGuid(prng)}:${prng.pick([1, 3])}`;
    case 'retention-group':
      return `grp${compactGuid(prng)}:${prng.pick([1, 3])}`;
    case 'retention-excluded':
      return `-mbx${compactGuid(prng)}`;
    case 'legacy-in-place':
      return compactGuid(prng);
    case 'legacy-cloud':
      return `cld${compactGuid(prng)}`;
    default:
      return undefined;
  }
}

/**
 * Holds for one inactive mailbox: the forced kind (so every kind appears in a fixture) plus a few random extras.
 * A mailbox whose only entry is an exclusion still gets a litigation hold, since it must be on hold to be inactive.
 */
export function generateHolds(prng: Prng, forced: HoldKind): MailboxHolds {
  const kinds = new Set<HoldKind>([forced]);
  if (prng.chance(0.25)) kinds.add(prng.pick(HOLD_KINDS));
  if (prng.chance(0.1)) kinds.add('delay');
  const holds: MailboxHolds = {
    LitigationHoldEnabled: kinds.has('litigation') || forced === 'retention-excluded',
    InPlaceHolds: [],
    ComplianceTagHoldApplied: kinds.has('compliance-tag'),
    DelayHoldApplied: kinds.has('delay'),
    DelayReleaseHoldApplied: kinds.has('delay-release'),
  };
  for (const kind of kinds) {
    const entry = describeInPlaceHold(prng, kind);
    if (entry) holds.InPlaceHolds.push(entry);
  }
  return holds;
}

export const NO_HOLDS: Readonly<MailboxHolds> = {
  LitigationHoldEnabled: false,
  InPlaceHolds: [],
  ComplianceTagHoldApplied: false,
  DelayHoldApplied: false,
  DelayReleaseHoldApplied: false,
};
