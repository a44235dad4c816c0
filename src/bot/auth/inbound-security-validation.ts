import { assertAnonymousAllowed, isLoopbackHost } from './anonymous-access.ts';
import {
  InboundSecurityError,
  readAppId,
  type BotAppType,
  type InboundSecuritySettings,
} from './inbound-security-settings.ts';

const APP_TYPES: readonly BotAppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * Checks the settings once at start-up, so a mistake stops the bot with one sentence instead of surfacing as a
 * 401 on every activity (or as botbuilder's own assertion text).
 */
export function assertInboundSecuritySettings(settings: InboundSecuritySettings): void {
  assertAnonymousAllowed(settings);
  if (!settings.allowedTenantIds.some((id) => id.trim() !== '')) {
    invalid(
      'allowedTenantIds',
      'List at least one allowed Teams tenant id: without one the bot refuses every activity.',
    );
  }
  assertServiceUrlHosts(settings.allowedServiceUrlHosts);
  assertOpenIdMetadataUrl(settings.openIdMetadataUrl);
  if (readAppId(settings) !== null) assertAppCredential(settings);
}

function assertServiceUrlHosts(hosts: readonly string[] | undefined): void {
  if (hosts === undefined) return;
  if (hosts.length === 0) {
    invalid(
      'allowedServiceUrlHosts',
      'List at least one allowed service URL host, or leave it unset for the Teams hosts.',
    );
  }
  for (const host of hosts) {
    if (!HOST_NAME.test(host.trim().toLowerCase())) {
      invalid(
        'allowedServiceUrlHosts',
        `Allowed service URL host ${JSON.stringify(host)} must be a bare host name such as smba.trafficmanager.net (no scheme, port, path or wildcard).`,
      );
    }
  }
}

function assertOpenIdMetadataUrl(value: string | undefined): void {
  if (value === undefined) return;
  const host = URL.canParse(value) ? new URL(value).hostname : '';
  if (!isLoopbackHost(host)) {
    invalid(
      'openIdMetadataUrl',
      'The OpenID metadata URL can be overridden only with a loopback address, for tests: leave it unset in production.',
    );
  }
}

function assertAppCredential(settings: InboundSecuritySettings): void {
  const appType = settings.appType ?? 'MultiTenant';
  if (!APP_TYPES.includes(appType)) {
    invalid('appType', `The bot app type must be one of ${APP_TYPES.join(', ')}.`);
  }
  const hasPassword = (settings.appPassword?.trim() ?? '') !== '';
  const hasCertificate = settings.appCertificate !== undefined;
  const hasTenant = (settings.appTenantId?.trim() ?? '') !== '';
  if (appType !== 'MultiTenant' && !hasTenant) {
    invalid('appTenantId', `A ${appType} bot needs its app tenant id.`);
  }
  if (appType === 'UserAssignedMSI') {
    if (hasPassword || hasCertificate) {
      invalid(
        'appPassword',
        'A UserAssignedMSI bot uses its managed identity: remove the app password or certificate.',
      );
    }
    return;
  }
  if (hasPassword && hasCertificate) {
    invalid('appCertificate', 'Give the bot either an app password or a certificate, not both.');
  }
  if (!hasPassword && !hasCertificate) {
    invalid('appPassword', `A ${appType} bot needs its app password or a certificate to answer in Teams.`);
  }
  if (hasCertificate) {
    const { thumbprint, privateKeyPem } = settings.appCertificate ?? { thumbprint: '', privateKeyPem: '' };
    if (thumbprint.trim() === '' || privateKeyPem.trim() === '') {
      invalid('appCertificate', 'The bot certificate needs both its thumbprint and its private key.');
    }
  }
}

function invalid(setting: keyof InboundSecuritySettings, message: string): never {
  throw new InboundSecurityError('INVALID_INBOUND_SECURITY_SETTING', setting, message);
}
