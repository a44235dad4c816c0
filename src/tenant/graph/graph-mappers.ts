import type {
  DirectoryUser,
  LicenseSku,
  TemporaryAccessPass,
  TemporaryAccessPassMethod,
  TemporaryAccessPassPolicy,
  TenantDomain,
} from '../../operations/tenant-ports.ts';

type GraphObject = Record<string, unknown>;

/** The user properties a DirectoryUser needs (sent as `$select`). */
export const USER_PROPERTIES = [
  'id',
  'userPrincipalName',
  'mail',
  'proxyAddresses',
  'onPremisesSyncEnabled',
  'usageLocation',
  'assignedLicenses',
] as const;

export function mapUser(source: GraphObject): DirectoryUser {
  const licenses = Array.isArray(source['assignedLicenses']) ? source['assignedLicenses'] : [];
  return {
    id: readString(source['id']),
    userPrincipalName: readString(source['userPrincipalName']),
    mail: readString(source['mail']) || null,
    proxyAddresses: readStrings(source['proxyAddresses']),
    onPremisesSyncEnabled:
      typeof source['onPremisesSyncEnabled'] === 'boolean' ? source['onPremisesSyncEnabled'] : null,
    usageLocation: readString(source['usageLocation']) || null,
    assignedLicenses: licenses
      .map((license) => (isObject(license) ? readString(license['skuId']) : ''))
      .filter((skuId) => skuId !== '')
      .map((skuId) => ({ skuId })),
  };
}

export function mapDomain(source: GraphObject): TenantDomain {
  return {
    id: readString(source['id']),
    isVerified: source['isVerified'] === true,
    supportedServices: readStrings(source['supportedServices']),
  };
}

export function mapSku(source: GraphObject): LicenseSku {
  const prepaid = isObject(source['prepaidUnits']) ? source['prepaidUnits'] : {};
  return {
    skuId: readString(source['skuId']),
    skuPartNumber: readString(source['skuPartNumber']),
    enabledUnits: readNumber(prepaid['enabled']),
    consumedUnits: readNumber(source['consumedUnits']),
  };
}

export function mapTemporaryAccessPass(source: GraphObject): TemporaryAccessPass {
  return {
    temporaryAccessPass: readString(source['temporaryAccessPass']),
    startDateTime: readString(source['startDateTime']),
    lifetimeInMinutes: readNumber(source['lifetimeInMinutes']),
  };
}

/** Learn "temporaryAccessPassAuthenticationMethod resource type", Properties (the secret is `null` once listed). */
export function mapTemporaryAccessPassMethod(source: GraphObject): TemporaryAccessPassMethod {
  return {
    id: readString(source['id']),
    createdDateTime: readString(source['createdDateTime']),
    startDateTime: readString(source['startDateTime']),
    lifetimeInMinutes: readNumber(source['lifetimeInMinutes']),
    isUsable: source['isUsable'] === true,
    methodUsabilityReason: readString(source['methodUsabilityReason']),
  };
}

/**
 * Learn "temporaryAccessPassAuthenticationMethodConfiguration resource type", Properties and Relationships:
 * `state` enabled|disabled, `includeTargets` (authenticationMethodTarget: `id` is `all_users` or a group id),
 * `minimumLifetimeInMinutes`/`maximumLifetimeInMinutes` (10..43200), `isUsableOnce`.
 */
export function mapTemporaryAccessPassPolicy(source: GraphObject): TemporaryAccessPassPolicy {
  const targets = source['includeTargets'];
  return {
    enabled: readString(source['state']).toLowerCase() === 'enabled',
    includeTargetIds: Array.isArray(targets)
      ? targets.map((target) => (isObject(target) ? readString(target['id']) : '')).filter((id) => id !== '')
      : null,
    minimumLifetimeInMinutes: readNumber(source['minimumLifetimeInMinutes']),
    maximumLifetimeInMinutes: readNumber(source['maximumLifetimeInMinutes']),
    isUsableOnce: source['isUsableOnce'] === true,
  };
}

/**
 * `/users/{id | userPrincipalName}`, except for a UPN that begins with `$`: Graph answers `/users/$x@y.com` with
 * 400 (OData reserves a leading `$` for system query options), so it is addressed as `/users('$x@y.com')`, the
 * key in single quotes with a quote inside it doubled (OData string literal).
 * Source: Learn "Get user" (graph/api/user-get), HTTP request section, the tip on a userPrincipalName that
 * begins with `$` (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/user-get.md).
 */
export function userPath(idOrUpn: string): string {
  if (!idOrUpn.startsWith('$')) return `/users/${encodeURIComponent(idOrUpn)}`;
  // `$` and `@` are kept as written, as in Learn's example `/users('$AdeleVance@contoso.com')`; `'` is doubled.
  const literal = encodeURIComponent(idOrUpn.replaceAll("'", "''")).replaceAll('%24', '$').replaceAll('%40', '@');
  return `/users('${literal}')`;
}

/** The objects of a collection answer (`{"value":[…]}`). */
export function readCollection(body: unknown): GraphObject[] {
  const value = isObject(body) ? body['value'] : undefined;
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function isObject(value: unknown): value is GraphObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function readStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function readNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
