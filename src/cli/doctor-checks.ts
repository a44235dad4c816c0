/**
 * The read-only checks of `doctor`: both app-only tokens, one inactive-mailbox read, the domains and the
 * licence SKUs. Each check ends in one sentence; a failure names the missing permission or the fix. A check
 * that fails never stops the others, and nothing here writes to the tenant or prints a token.
 */
import { TenantError } from '../operations/tenant-ports.ts';
import type { GraphGateway, LicenseSku, TenantDomain } from '../operations/tenant-ports.ts';
import type { InvokeCommandClient } from '../tenant/exchange/invoke-command-client.ts';
import type { TenantResource, TokenProvider } from '../tenant/token-provider.ts';
import { findMissingPermissions, listPermissionNeeds, readTokenRoles } from './doctor-permissions.ts';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DoctorDeps {
  tokens: TokenProvider;
  invokeCommand: Pick<InvokeCommandClient, 'invoke'>;
  graph: Pick<GraphGateway, 'listDomains' | 'listSubscribedSkus'>;
}

export interface DoctorOptions {
  /** ISSUE_TEMPORARY_ACCESS_PASS is on: UserAuthenticationMethod.ReadWrite.All becomes required. @default false */
  temporaryAccessPass?: boolean;
}

export const DOCTOR_CHECK_NAMES = {
  graphToken: 'Graph token',
  exchangeToken: 'Exchange token',
  inactiveMailboxRead: 'inactive mailbox read',
  domains: 'domains',
  skus: 'licence SKUs',
} as const;

const SERVICE_NAMES: Record<TenantResource, string> = { graph: 'Microsoft Graph', exchange: 'Exchange Online' };
const MAX_LISTED = 6;

/** Runs every check (the reads only when their token came) and answers them in a fixed order. */
export async function runDoctorChecks(deps: DoctorDeps, options: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const permissionOptions = { temporaryAccessPass: options.temporaryAccessPass ?? false };
  const [graphToken, exchangeToken] = await Promise.all([
    checkToken(deps.tokens, 'graph', permissionOptions),
    checkToken(deps.tokens, 'exchange', permissionOptions),
  ]);
  // Without a token the reads would only repeat the token failure (and wait for the token service again).
  const reads = await Promise.all([
    exchangeToken.acquired
      ? runCheck(DOCTOR_CHECK_NAMES.inactiveMailboxRead, () => checkInactiveMailboxRead(deps.invokeCommand))
      : reportNotRun(DOCTOR_CHECK_NAMES.inactiveMailboxRead, 'exchange'),
    graphToken.acquired
      ? runCheck(DOCTOR_CHECK_NAMES.domains, () => checkDomains(deps.graph))
      : reportNotRun(DOCTOR_CHECK_NAMES.domains, 'graph'),
    graphToken.acquired
      ? runCheck(DOCTOR_CHECK_NAMES.skus, () => checkSkus(deps.graph))
      : reportNotRun(DOCTOR_CHECK_NAMES.skus, 'graph'),
  ]);
  return [graphToken.check, exchangeToken.check, ...reads];
}

interface TokenOutcome {
  check: DoctorCheck;
  /** The provider handed out a token (even one whose roles fall short). */
  acquired: boolean;
}

async function checkToken(
  tokens: TokenProvider,
  resource: TenantResource,
  options: { temporaryAccessPass: boolean },
): Promise<TokenOutcome> {
  const name = resource === 'graph' ? DOCTOR_CHECK_NAMES.graphToken : DOCTOR_CHECK_NAMES.exchangeToken;
  const service = SERVICE_NAMES[resource];
  let token: string;
  try {
    token = await tokens.getToken(resource);
  } catch (error) {
    return { check: { name, ok: false, detail: describeFailure(error) }, acquired: false };
  }
  const roles = readTokenRoles(token);
  const check =
    roles === null
      ? { name, ok: true, detail: `got an app-only token for ${service}` }
      : judgeRoles(name, resource, roles, options);
  return { check, acquired: true };
}

/** A token whose roles lack a required permission fails its check; optional ones are only noted. */
function judgeRoles(
  name: string,
  resource: TenantResource,
  roles: readonly string[],
  options: { temporaryAccessPass: boolean },
): DoctorCheck {
  const service = SERVICE_NAMES[resource];
  const missing = findMissingPermissions(listPermissionNeeds(resource, options), roles);
  const required = missing.filter((need) => need.required);
  if (required.length > 0) {
    const named = required.map((need) => `${need.permission} (needed for ${need.neededFor})`).join(', ');
    const grant = required.length === 1 ? 'it' : 'them';
    return { name, ok: false, detail: `The app's ${service} token lacks ${named}: grant ${grant} with admin consent.` };
  }
  const notes = missing.map((need) => `${need.permission} is not granted (only needed for ${need.neededFor})`);
  return {
    name,
    ok: true,
    detail: [`got an app-only token for ${service} with every permission needed`, ...notes].join('; '),
  };
}

async function checkInactiveMailboxRead(invokeCommand: DoctorDeps['invokeCommand']): Promise<string> {
  const result = await invokeCommand.invoke(
    'Get-Mailbox',
    { InactiveMailboxOnly: true, ResultSize: 1 },
    { allPages: false, select: ['ExchangeGuid'] },
  );
  return result.value.length > 0
    ? 'can read inactive mailboxes'
    : 'can read inactive mailboxes (the tenant has none at the moment)';
}

async function checkDomains(graph: DoctorDeps['graph']): Promise<string> {
  const emailDomains = (await graph.listDomains()).filter(isVerifiedEmailDomain).map((domain) => domain.id);
  if (emailDomains.length === 0) {
    throw new DoctorFinding(
      'Domain.Read.All works, but no domain is verified with the Email service: recovered mailboxes need one.',
    );
  }
  const count = emailDomains.length;
  return `${count} verified email domain${count === 1 ? '' : 's'}: ${listSome(emailDomains)}`;
}

async function checkSkus(graph: DoctorDeps['graph']): Promise<string> {
  const skus = await graph.listSubscribedSkus();
  if (skus.length === 0) return 'the tenant has no licence subscriptions';
  return listSome(skus.map(describeSku));
}

function isVerifiedEmailDomain(domain: TenantDomain): boolean {
  return domain.isVerified && domain.supportedServices.some((service) => service.toLowerCase() === 'email');
}

function describeSku(sku: LicenseSku): string {
  return `${sku.skuPartNumber || sku.skuId} ${Math.max(0, sku.enabledUnits - sku.consumedUnits)} free`;
}

function listSome(entries: readonly string[]): string {
  const shown = entries.slice(0, MAX_LISTED).join(', ');
  return entries.length > MAX_LISTED ? `${shown}, … and ${entries.length - MAX_LISTED} more` : shown;
}

/** A read that worked but found the tenant unfit: a failed check whose sentence is ours. */
class DoctorFinding extends Error {}

async function runCheck(name: string, check: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await check() };
  } catch (error) {
    return { name, ok: false, detail: describeFailure(error) };
  }
}

function reportNotRun(name: string, resource: TenantResource): DoctorCheck {
  const tokenCheck = resource === 'graph' ? DOCTOR_CHECK_NAMES.graphToken : DOCTOR_CHECK_NAMES.exchangeToken;
  return {
    name,
    ok: false,
    detail: `Not run: there is no ${SERVICE_NAMES[resource]} token (see the ${tokenCheck} check).`,
  };
}

/** Tenant errors already carry a sentence naming the permission or the fix; anything else stays generic. */
function describeFailure(error: unknown): string {
  if (error instanceof DoctorFinding) return error.message;
  if (error instanceof TenantError) {
    return error.errorClass === 'transient' ? `${error.message} Run doctor again in a minute.` : error.message;
  }
  return 'The check failed unexpectedly (no permission could be named); run doctor again.';
}
