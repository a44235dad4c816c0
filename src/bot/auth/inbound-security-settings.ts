/**
 * What the bot trusts on `POST /api/messages`. Built by the composition root from `src/config.ts`; nothing in
 * here reads the environment, so a stray variable cannot re-point trust.
 */

/** The only token issuer accepted for activities sent to the bot by the Bot Framework channel service. */
export const BOT_FRAMEWORK_TOKEN_ISSUER = 'https://api.botframework.com';

/** The channel id Teams puts on every activity. */
export const TEAMS_CHANNEL_ID = 'msteams';

/**
 * Service URL hosts Teams uses in the public cloud (`https://smba.trafficmanager.net/<region>/…`) and in GCC
 * (`https://smba.infra.gcc.teams.microsoft.com/…`). GCC High, DoD and 21Vianet use other token issuers, which
 * this bot does not accept anyway.
 */
export const DEFAULT_TEAMS_SERVICE_URL_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
];

export type BotAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface InboundSecuritySettings {
  /** The bot's Microsoft App ID; `null` (or blank) runs without authentication — sandbox on loopback only. */
  appId: string | null;
  /** The app's client secret (a secret: never logged). Needed for MultiTenant/SingleTenant without a certificate. */
  appPassword?: string | undefined;
  /** Needed for SingleTenant and UserAssignedMSI. */
  appTenantId?: string | undefined;
  /** @default 'MultiTenant' */
  appType?: BotAppType | undefined;
  /** A certificate instead of `appPassword` (MultiTenant/SingleTenant). The private key is a secret. */
  appCertificate?: { thumbprint: string; privateKeyPem: string } | undefined;
  /**
   * Teams tenant ids whose activities are accepted (`conversation.tenantId` / `channelData.tenant.id`),
   * compared case-insensitively. At least one is required.
   */
  allowedTenantIds: readonly string[];
  /**
   * Exact `serviceUrl` hosts accepted (no wildcards, no suffix match: `*.trafficmanager.net` would admit anyone's
   * Traffic Manager profile).
   * @default DEFAULT_TEAMS_SERVICE_URL_HOSTS
   */
  allowedServiceUrlHosts?: readonly string[] | undefined;
  /** Sandbox mode: allows running without an app id (on loopback) and `http:` service URLs (the Playground). */
  sandbox: boolean;
  /** The address the HTTP server listens on; checked when there is no app id. */
  listenHost: string;
  /**
   * Tests only: where to read the OpenID metadata (and signing keys) for channel and emulator tokens. Accepted
   * only on a loopback address, so a mistaken setting cannot hand trust to another host.
   */
  openIdMetadataUrl?: string | undefined;
}

export type InboundSecurityErrorCode = 'ANONYMOUS_NOT_ALLOWED' | 'INVALID_INBOUND_SECURITY_SETTING';

/** A start-up refusal: `message` is one sentence for the operator; `setting` names the field at fault. */
export class InboundSecurityError extends Error {
  readonly code: InboundSecurityErrorCode;
  readonly setting: keyof InboundSecuritySettings;

  constructor(code: InboundSecurityErrorCode, setting: keyof InboundSecuritySettings, message: string) {
    super(message);
    this.name = 'InboundSecurityError';
    this.code = code;
    this.setting = setting;
  }
}

/** Returns the app id, or `null` when it is missing or blank. */
export function readAppId(settings: Pick<InboundSecuritySettings, 'appId'>): string | null {
  const appId = settings.appId?.trim() ?? '';
  return appId === '' ? null : appId;
}
