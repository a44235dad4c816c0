import type { Activity } from 'botbuilder';
import {
  DEFAULT_TEAMS_SERVICE_URL_HOSTS,
  TEAMS_CHANNEL_ID,
  type InboundSecuritySettings,
} from './inbound-security-settings.ts';

export type ActivityOriginVerdict = { ok: true } | { ok: false; reason: string };

export type ActivityOriginSettings = Pick<
  InboundSecuritySettings,
  'allowedTenantIds' | 'allowedServiceUrlHosts' | 'sandbox'
>;

/**
 * Checks that an activity comes from Teams, from an allowed tenant, and asks for replies at a Teams service URL.
 * The JWT proves the channel sent it; this proves it is a channel and tenant we serve — and keeps the bot from
 * sending its token to a service URL that is not Teams.
 */
export function checkActivityOrigin(
  activity: Pick<Partial<Activity>, 'channelId' | 'serviceUrl' | 'conversation' | 'channelData'>,
  settings: ActivityOriginSettings,
): ActivityOriginVerdict {
  if (activity.channelId !== TEAMS_CHANNEL_ID) {
    return refuse(`channel ${quote(String(activity.channelId ?? ''))} is not Microsoft Teams`);
  }
  const tenant = checkTenant(activity, settings.allowedTenantIds);
  if (!tenant.ok) return tenant;
  return checkServiceUrl(activity.serviceUrl, settings);
}

function checkTenant(
  activity: Pick<Partial<Activity>, 'conversation' | 'channelData'>,
  allowedTenantIds: readonly string[],
): ActivityOriginVerdict {
  const fromConversation = normaliseTenantId(activity.conversation?.tenantId);
  const fromChannelData = normaliseTenantId(readChannelDataTenantId(activity.channelData));
  const tenantId = fromConversation ?? fromChannelData;
  if (tenantId === undefined) return refuse('the activity names no tenant');
  if (fromConversation !== undefined && fromChannelData !== undefined && fromConversation !== fromChannelData) {
    return refuse('the activity names two different tenants');
  }
  const allowed = allowedTenantIds.some((id) => normaliseTenantId(id) === tenantId);
  return allowed ? { ok: true } : refuse(`tenant ${quote(tenantId)} is not an allowed tenant`);
}

function checkServiceUrl(serviceUrl: string | undefined, settings: ActivityOriginSettings): ActivityOriginVerdict {
  if (serviceUrl === undefined || serviceUrl === '') return refuse('the activity has no service URL');
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return refuse('the service URL is not a URL');
  }
  const schemes = settings.sandbox ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return refuse(`the service URL scheme ${quote(url.protocol)} is not allowed`);
  if (url.username !== '' || url.password !== '') return refuse('the service URL carries credentials');
  // Teams service URLs never name a port; the sandbox's Playground does (http://localhost:56150).
  if (url.port !== '' && !settings.sandbox) return refuse('the service URL names a port');
  const hosts = settings.allowedServiceUrlHosts ?? DEFAULT_TEAMS_SERVICE_URL_HOSTS;
  const allowed = hosts.some((host) => host.trim().toLowerCase() === url.hostname);
  return allowed ? { ok: true } : refuse(`service URL host ${quote(url.hostname)} is not an allowed Teams host`);
}

function readChannelDataTenantId(channelData: unknown): string | undefined {
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const tenant: unknown = (channelData as { tenant?: unknown }).tenant;
  if (typeof tenant !== 'object' || tenant === null) return undefined;
  const id: unknown = (tenant as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function normaliseTenantId(id: string | undefined): string | undefined {
  const trimmed = id?.trim().toLowerCase() ?? '';
  return trimmed === '' ? undefined : trimmed;
}

/** Values come from the sender: escaped and shortened before they reach a log line or a response. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

function refuse(reason: string): ActivityOriginVerdict {
  return { ok: false, reason: `Activity refused: ${reason}.` };
}
