/** Graph directory objects for the generated tenant: domains, subscribed SKUs and groups. */
import type { FixtureDomain, FixtureGroup, FixtureSubscribedSku } from './fixture-types.ts';
import type { Prng } from './prng.ts';

/** Real SKU and service-plan ids, so a fixture reads like a tenant's own output. */
export const SKUS = {
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  EXCHANGEENTERPRISE: '19ec0d23-8335-4cbd-94ac-6050e30712fa',
} as const;
export type SkuPartNumber = keyof typeof SKUS;

const EXCHANGE_PLAN = {
  servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  servicePlanName: 'EXCHANGE_S_ENTERPRISE',
};
const SHAREPOINT_PLAN = {
  servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72',
  servicePlanName: 'SHAREPOINTENTERPRISE',
};
const TEAMS_PLAN = { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' };

/** Free units per SKU: a scarce one, an exhausted one and a plentiful one. */
const FREE_UNITS: Record<SkuPartNumber, number> = { ENTERPRISEPACK: 3, SPE_E5: 0, EXCHANGEENTERPRISE: 200 };

export function buildDomains(initialDomain: string): FixtureDomain[] {
  const domain = (id: string, verified: boolean, extra: Partial<FixtureDomain>): FixtureDomain => ({
    authenticationType: 'Managed',
    availabilityStatus: null,
    id,
    isAdminManaged: true,
    isDefault: false,
    isInitial: false,
    isRoot: true,
    isVerified: verified,
    passwordNotificationWindowInDays: null,
    passwordValidityPeriodInDays: null,
    supportedServices: verified ? ['Email', 'OfficeCommunicationsOnlineService'] : [],
    state: null,
    ...extra,
  });
  return [
    domain('contoso.com', true, { isDefault: true }),
    domain('fabrikam.com', false, {}),
    domain(initialDomain, true, { isInitial: true }),
  ];
}

export function buildSubscribedSkus(tenantId: string, consumed: Record<SkuPartNumber, number>): FixtureSubscribedSku[] {
  const plansBySku: Record<SkuPartNumber, (typeof EXCHANGE_PLAN)[]> = {
    ENTERPRISEPACK: [EXCHANGE_PLAN, SHAREPOINT_PLAN, TEAMS_PLAN],
    SPE_E5: [EXCHANGE_PLAN, SHAREPOINT_PLAN, TEAMS_PLAN],
    EXCHANGEENTERPRISE: [EXCHANGE_PLAN],
  };
  return (Object.keys(SKUS) as SkuPartNumber[]).map((partNumber) => ({
    accountId: tenantId,
    accountName: 'Contoso',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumed[partNumber],
    id: `${tenantId}_${SKUS[partNumber]}`,
    prepaidUnits: { enabled: consumed[partNumber] + FREE_UNITS[partNumber], lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: plansBySku[partNumber].map((plan) => ({ ...plan, provisioningStatus: 'Success', appliesTo: 'User' })),
    skuId: SKUS[partNumber],
    skuPartNumber: partNumber,
    subscriptionIds: [],
  }));
}

export function buildGroups(prng: Prng, userIds: readonly string[]): FixtureGroup[] {
  return [
    { id: prng.guid(), displayName: 'Mailbox Recovery Operators', members: userIds.slice(0, 3) },
    { id: prng.guid(), displayName: 'Mailbox Recovery Approvers', members: userIds.slice(3, 5) },
  ];
}
