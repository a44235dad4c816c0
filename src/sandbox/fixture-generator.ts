/**
 * Generates a realistic tenant deterministically: the same options always give byte-identical JSON.
 * Each awkward case the product must handle is placed at fixed positions so even a small fixture has one.
 */
import { buildDomains, buildGroups, buildSubscribedSkus, SKUS, type SkuPartNumber } from './fixture-directory.ts';
import { generateHolds, HOLD_KINDS, NO_HOLDS, type HoldKind } from './fixture-holds.ts';
import {
  buildMailbox,
  createPeopleFactory,
  type PeopleFactory,
  type Person,
  type TenantNaming,
} from './fixture-mailbox-builder.ts';
import { generateMailUsers } from './fixture-mail-users.ts';
import { generateRestoreRequests, generateStatistics } from './fixture-restores.ts';
import type { FixtureMailbox, FixtureUser, RestoreOutcome, TenantFixture } from './fixture-types.ts';
import { formatExchangeDate } from './exchange-values.ts';
import { createPrng, type Prng } from './prng.ts';

export interface GenerateTenantFixtureOptions {
  /** @default 1 */
  seed?: number;
  /** @default 300 */
  inactiveMailboxes?: number;
  /** @default 100 */
  activeUsers?: number;
  /** WhenSoftDeleted and WhenCreated are computed back from this date. @default '2025-06-01T00:00:00Z' */
  referenceDate?: string;
}

const DAY_MS = 86_400_000;
const USAGE_LOCATIONS = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'CA', 'NL'] as const;
/** Weighted toward what tenants really hold: retention policies and Litigation Hold. */
const COMMON_HOLDS: readonly HoldKind[] = [
  'litigation',
  'litigation',
  'litigation',
  'retention-mailbox',
  'retention-mailbox',
  'retention-mailbox',
  'ediscovery-case',
  'ediscovery-case',
  'retention-group',
  'legacy-in-place',
  'compliance-tag',
];

interface GeneratorContext {
  prng: Prng;
  naming: TenantNaming;
  people: PeopleFactory;
  referenceMs: number;
}

function pickLicense(index: number): SkuPartNumber | undefined {
  if (index % 20 === 19) return undefined;
  if (index % 10 === 4) return 'SPE_E5';
  if (index % 10 === 8) return 'EXCHANGEENTERPRISE';
  return 'ENTERPRISEPACK';
}

function generateActiveUser(ctx: GeneratorContext, index: number): { user: FixtureUser; mailbox: FixtureMailbox } {
  const { prng, naming } = ctx;
  const person = ctx.people.createPerson();
  const synced = index % 7 === 3;
  const domain = index % 10 === 9 && !synced ? naming.initialDomain : 'contoso.com';
  const address = `${person.alias}@${domain}`;
  const userId = prng.guid();
  const mailbox = buildMailbox(prng, naming, {
    person,
    exchangeGuid: prng.guid(),
    primarySmtpAddress: address,
    userPrincipalName: address,
    inactive: false,
    whenCreated: formatExchangeDate(ctx.referenceMs - prng.int(30, 3000) * DAY_MS),
    whenSoftDeleted: null,
    externalDirectoryObjectId: userId,
    holds: prng.chance(0.1) ? { ...NO_HOLDS, LitigationHoldEnabled: true } : NO_HOLDS,
    archive: prng.chance(0.3) ? 'main' : 'none',
    auxPrimary: false,
    isDirSynced: synced,
    recipientTypeDetails: 'UserMailbox',
    extraAddresses: [],
  });
  const license = pickLicense(index);
  const user: FixtureUser = {
    id: userId,
    userPrincipalName: address,
    displayName: mailbox.DisplayName,
    givenName: person.firstName,
    surname: person.lastName,
    mail: address,
    proxyAddresses: [...mailbox.EmailAddresses],
    onPremisesSyncEnabled: synced ? true : null,
    usageLocation: index % 15 === 14 ? null : prng.pick(USAGE_LOCATIONS),
    assignedLicenses: license ? [{ disabledPlans: [], skuId: SKUS[license] }] : [],
    accountEnabled: true,
  };
  return { user, mailbox };
}

/** A departed colleague whose address was later given to an active user (a returning employee, say). */
function createClashingPerson(ctx: GeneratorContext, active: FixtureMailbox): Person {
  const [firstName = active.DisplayName, ...rest] = active.DisplayName.split(' ');
  const name = `${active.Name}_${ctx.prng.hex(6)}`;
  ctx.people.reserveName(name);
  return { firstName, lastName: rest.join(' '), name, alias: active.Alias };
}

function generateInactiveMailbox(ctx: GeneratorContext, index: number, actives: FixtureMailbox[]): FixtureMailbox {
  const { prng, naming } = ctx;
  const clashWith = index % 25 === 7 ? actives[(index * 7) % Math.max(actives.length, 1)] : undefined;
  const person = clashWith ? createClashingPerson(ctx, clashWith) : ctx.people.createPerson();
  const underThirtyDays = index % 20 === 5;
  const domain = index % 25 === 13 ? 'fabrikam.com' : index % 30 === 21 ? naming.initialDomain : 'contoso.com';
  const address = clashWith ? clashWith.PrimarySmtpAddress : `${person.alias}@${domain}`;
  const deletedMs = underThirtyDays
    ? ctx.referenceMs - prng.int(1, 29) * DAY_MS - prng.int(0, 86_399) * 1000
    : ctx.referenceMs - prng.int(31, 2000) * DAY_MS - prng.int(0, 86_399) * 1000;
  const forcedHold = index < HOLD_KINDS.length ? HOLD_KINDS[index] : prng.pick(COMMON_HOLDS);
  const autoExpanded = index % 12 === 2;
  return buildMailbox(prng, naming, {
    person,
    exchangeGuid: prng.guid(),
    primarySmtpAddress: address,
    userPrincipalName: address,
    inactive: true,
    whenCreated: formatExchangeDate(deletedMs - prng.int(200, 3000) * DAY_MS),
    whenSoftDeleted: formatExchangeDate(deletedMs),
    externalDirectoryObjectId: underThirtyDays ? prng.guid() : '',
    holds: generateHolds(prng, forcedHold ?? 'litigation'),
    archive: autoExpanded ? 'auto-expanded' : prng.chance(0.35) ? 'main' : 'none',
    auxPrimary: index % 20 === 11,
    isDirSynced: prng.chance(0.15),
    recipientTypeDetails: prng.chance(0.05) ? 'SharedMailbox' : 'UserMailbox',
    extraAddresses: prng.chance(0.2) ? [`smtp:${person.alias}@fabrikam.com`] : [],
  });
}

/** Some targets already carry an inactive mailbox's X500, as an admin preparing a restore would leave them. */
function prepareRestoreTargets(users: FixtureUser[], actives: FixtureMailbox[], inactives: FixtureMailbox[]): void {
  for (let i = 0; i < 2 && i < actives.length && i < inactives.length; i += 1) {
    const target = actives[actives.length - 1 - i] as FixtureMailbox;
    const x500 = `X500:${(inactives[inactives.length - 1 - i] as FixtureMailbox).LegacyExchangeDN}`;
    target.EmailAddresses.push(x500);
    users.find((user) => user.id === target.ExternalDirectoryObjectId)?.proxyAddresses.push(x500);
  }
}

function countConsumedUnits(users: FixtureUser[]): Record<SkuPartNumber, number> {
  const consumed: Record<SkuPartNumber, number> = { ENTERPRISEPACK: 0, SPE_E5: 0, EXCHANGEENTERPRISE: 0 };
  for (const user of users) {
    for (const [partNumber, skuId] of Object.entries(SKUS) as [SkuPartNumber, string][]) {
      if (user.assignedLicenses.some((license) => license.skuId === skuId)) consumed[partNumber] += 1;
    }
  }
  return consumed;
}

function markRestoreOutcomes(inactives: FixtureMailbox[], actives: FixtureMailbox[]): Record<string, RestoreOutcome> {
  const outcomes: Record<string, RestoreOutcome> = {};
  inactives.forEach((mailbox, index) => {
    if (index % 40 === 17) outcomes[mailbox.ExchangeGuid] = 'Failed';
    if (index % 40 === 29) outcomes[mailbox.ExchangeGuid] = 'CompletedWithWarning';
  });
  const failingTarget = actives[1];
  if (failingTarget) outcomes[failingTarget.ExchangeGuid] = 'Failed';
  return outcomes;
}

export function generateTenantFixture(options: GenerateTenantFixtureOptions = {}): TenantFixture {
  const prng = createPrng(options.seed ?? 1);
  const referenceDate = options.referenceDate ?? '2025-06-01T00:00:00Z';
  const forest = `NAMPR${String(prng.int(1, 19)).padStart(2, '0')}A${String(prng.int(1, 30)).padStart(3, '0')}`;
  const naming: TenantNaming = {
    initialDomain: 'contoso.onmicrosoft.com',
    forest,
    databases: Array.from({ length: 4 }, () => prng.guid()),
  };
  const ctx: GeneratorContext = {
    prng,
    naming,
    people: createPeopleFactory(prng),
    referenceMs: Date.parse(referenceDate),
  };
  const tenantId = prng.guid();

  const users: FixtureUser[] = [];
  const actives: FixtureMailbox[] = [];
  for (let i = 0; i < (options.activeUsers ?? 100); i += 1) {
    const { user, mailbox } = generateActiveUser(ctx, i);
    users.push(user);
    actives.push(mailbox);
  }
  const inactives: FixtureMailbox[] = [];
  for (let i = 0; i < (options.inactiveMailboxes ?? 300); i += 1)
    inactives.push(generateInactiveMailbox(ctx, i, actives));
  prepareRestoreTargets(users, actives, inactives);
  const mailboxes = [...actives, ...inactives];
  const domainController = `BN${prng.int(1, 9)}PR${forest.slice(5)}DC0${prng.int(1, 9)}.${forest}.PROD.OUTLOOK.COM`;
  const restoreRequests = generateRestoreRequests(prng, inactives, actives, ctx.referenceMs);
  const mailboxStatistics = generateStatistics(prng, mailboxes);
  const groups = buildGroups(
    prng,
    users.map((user) => user.id),
  );
  // Drawn last, so every earlier value stays what it was before mail users existed.
  const mailUsers = generateMailUsers(prng, naming, ctx.people, inactives[inactives.length - 3]);

  return {
    tenantId,
    description: `Generated by generateTenantFixture (seed ${options.seed ?? 1}).`,
    referenceDate,
    domainController,
    domains: buildDomains(naming.initialDomain),
    subscribedSkus: buildSubscribedSkus(tenantId, countConsumedUnits(users)),
    users: [...users, ...mailUsers.users],
    mailboxes,
    restoreRequests,
    mailboxStatistics,
    groups,
    recipients: mailUsers.recipients,
    restoreOutcomes: markRestoreOutcomes(inactives, actives),
  };
}
