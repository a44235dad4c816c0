import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConfigurationServiceClientCredentialFactoryOptions,
} from 'botbuilder';
import {
  AuthenticationConfiguration,
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type Claim,
} from 'botframework-connector';
import { checkActivityOrigin, type ActivityOriginSettings } from './activity-origin.ts';
import { assertInboundSecuritySettings } from './inbound-security-validation.ts';
import { BOT_FRAMEWORK_TOKEN_ISSUER, readAppId, type InboundSecuritySettings } from './inbound-security-settings.ts';

/**
 * Builds the authentication the bot's `CloudAdapter` uses: botbuilder's JWT validation for the public cloud from
 * an explicit options object, claims validation that accepts only the Bot Framework issuer, and the activity
 * origin checks — all before any handler runs. Throws an `InboundSecurityError` when the settings are unsafe.
 */
export function createBotFrameworkAuthentication(
  settings: InboundSecuritySettings,
): ConfigurationBotFrameworkAuthentication {
  assertInboundSecuritySettings(settings);
  return new TeamsBotFrameworkAuthentication(
    describeChannelTrust(settings),
    new ConfigurationServiceClientCredentialFactory(describeAppCredential(settings)),
    new AuthenticationConfiguration([], validateBotFrameworkClaims),
    {
      allowedTenantIds: settings.allowedTenantIds,
      allowedServiceUrlHosts: settings.allowedServiceUrlHosts,
      sandbox: settings.sandbox,
    },
  );
}

/**
 * botbuilder also accepts Entra ID tokens (its emulator and skill paths, keyed on the token's issuer); a Teams bot
 * takes activities from the Bot Framework channel service only.
 */
export async function validateBotFrameworkClaims(claims: Claim[]): Promise<void> {
  const issuer = claims.find((claim) => claim.type === AuthenticationConstants.IssuerClaim)?.value;
  if (issuer !== BOT_FRAMEWORK_TOKEN_ISSUER) {
    throw new AuthenticationError(
      'Unauthorized. The token was not issued by the Bot Framework.',
      StatusCodes.UNAUTHORIZED,
    );
  }
}

/** Every endpoint is spelled out: setting one `ToBotFromChannel…` value makes botbuilder use only what is given. */
function describeChannelTrust(settings: InboundSecuritySettings): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    MicrosoftAppId: readAppId(settings) ?? '',
    MicrosoftAppTenantId: settings.appTenantId ?? '',
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_TOKEN_ISSUER,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl:
      settings.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      settings.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function describeAppCredential(settings: InboundSecuritySettings): ConfigurationServiceClientCredentialFactoryOptions {
  const appType = settings.appType ?? 'MultiTenant';
  return {
    MicrosoftAppId: readAppId(settings) ?? '',
    MicrosoftAppType: appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : appType,
    ...(settings.appPassword === undefined ? {} : { MicrosoftAppPassword: settings.appPassword }),
    ...(settings.appTenantId === undefined ? {} : { MicrosoftAppTenantId: settings.appTenantId }),
    ...(settings.appCertificate === undefined
      ? {}
      : {
          CertificateThumbprint: settings.appCertificate.thumbprint,
          CertificatePrivateKey: settings.appCertificate.privateKeyPem,
        }),
  };
}

class TeamsBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  readonly #origin: ActivityOriginSettings;

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    credentials: ConfigurationServiceClientCredentialFactory,
    authConfiguration: AuthenticationConfiguration,
    origin: ActivityOriginSettings,
  ) {
    super(options, credentials, authConfiguration);
    this.#origin = origin;
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader).catch(rethrowTokenError);
    // After the token: an unauthenticated caller learns nothing about which tenants or hosts are allowed.
    const origin = checkActivityOrigin(activity, this.#origin);
    // CloudAdapter answers 401 for every AuthenticationError.
    if (!origin.ok) throw new AuthenticationError(origin.reason, StatusCodes.UNAUTHORIZED);
    return result;
  }

  // Streamed activities would skip the per-activity origin check; Teams posts over HTTP.
  override async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new AuthenticationError('Unauthorized. Streaming connections are not accepted.', StatusCodes.UNAUTHORIZED);
  }
}

/** botbuilder passes jsonwebtoken's own errors through (bad signature, not yet valid), which would answer 500. */
function rethrowTokenError(error: unknown): never {
  const name = error instanceof Error ? error.name : '';
  if (name === 'JsonWebTokenError' || name === 'NotBeforeError' || name === 'TokenExpiredError') {
    throw new AuthenticationError(`Unauthorized. The token is not valid (${name}).`, StatusCodes.UNAUTHORIZED);
  }
  throw error;
}
