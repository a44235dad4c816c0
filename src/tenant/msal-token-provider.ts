import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { Configuration, INetworkModule } from '@azure/msal-node';
import { TenantError } from '../operations/tenant-ports.ts';
import type { TenantResource, TokenProvider } from './token-provider.ts';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const DEFAULT_EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';

export type MsalCredential =
  | { kind: 'certificate'; thumbprintSha256?: string; thumbprint?: string; privateKeyPem: string; x5c?: string }
  | { kind: 'secret'; clientSecret: string };

export interface MsalTokenProviderOptions {
  tenantId: string;
  clientId: string;
  /** A certificate is preferred: a secret is a password that sits in configuration. */
  credential: MsalCredential;
  /** @default 'https://login.microsoftonline.com' (sovereign clouds use other hosts) */
  authorityHost?: string;
  /** @default 'https://graph.microsoft.com/.default' */
  graphScope?: string;
  /** @default 'https://outlook.office365.com/.default' */
  exchangeScope?: string;
  /** MSAL's HTTP client; injected by offline tests. */
  networkClient?: INetworkModule;
}

/**
 * App-only tokens through the client-credentials flow. MSAL keeps the tokens in its in-memory cache and
 * renews them before they expire; concurrent callers asking for the same resource share one request.
 * Failures become a `TOKEN_FAILED` TenantError naming the tenant and app, never the credential: fatal when
 * the credential or consent is wrong, transient when the token service is unreachable or overloaded.
 */
export function createMsalTokenProvider(options: MsalTokenProviderOptions): TokenProvider {
  const app = new ConfidentialClientApplication(buildMsalConfiguration(options));
  const scopes: Record<TenantResource, string> = {
    graph: options.graphScope ?? DEFAULT_GRAPH_SCOPE,
    exchange: options.exchangeScope ?? DEFAULT_EXCHANGE_SCOPE,
  };
  const pending = new Map<TenantResource, Promise<string>>();

  async function acquire(resource: TenantResource): Promise<string> {
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [scopes[resource]] });
      if (!result?.accessToken) throw new Error('the token endpoint answered without an access token');
      return result.accessToken;
    } catch (error) {
      throw describeTokenFailure(error, resource, options);
    }
  }

  return {
    getToken(resource) {
      const inFlight = pending.get(resource);
      if (inFlight) return inFlight;
      const request = acquire(resource).finally(() => pending.delete(resource));
      pending.set(resource, request);
      return request;
    },
  };
}

function buildMsalConfiguration(options: MsalTokenProviderOptions): Configuration {
  const authorityHost = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  const { credential } = options;
  return {
    auth: {
      clientId: options.clientId,
      authority: `${authorityHost}/${options.tenantId}`,
      // A host MSAL does not know (sovereign cloud, local test authority) is trusted as configured.
      ...(authorityHost === DEFAULT_AUTHORITY_HOST ? {} : { knownAuthorities: [new URL(authorityHost).host] }),
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.clientSecret }
        : {
            clientCertificate: {
              privateKey: credential.privateKeyPem,
              ...(credential.thumbprintSha256 ? { thumbprintSha256: credential.thumbprintSha256 } : {}),
              ...(credential.thumbprint ? { thumbprint: credential.thumbprint } : {}),
              ...(credential.x5c ? { x5c: credential.x5c } : {}),
            },
          }),
    },
    system: {
      // MSAL logs nothing here: its messages may carry request details we do not vet.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
    },
  };
}

function describeTokenFailure(
  error: unknown,
  resource: TenantResource,
  options: MsalTokenProviderOptions,
): TenantError {
  const what = resource === 'graph' ? 'Microsoft Graph' : 'Exchange Online';
  const reason = scrubCredential(describeMsalError(error), options.credential);
  return new TenantError({
    code: 'TOKEN_FAILED',
    errorClass: isTransientTokenFailure(error) ? 'transient' : 'fatal',
    message:
      `Could not get an app-only token for ${what} (tenant ${options.tenantId}, app ${options.clientId}): ${reason}. ` +
      'Check the app registration, its certificate or secret, and admin consent.',
  });
}

/**
 * A wrong secret or a missing consent stops the job; an unreachable or overloaded token service does not.
 * After a 429/5xx MSAL replays the failure from its throttling cache for a while, as a ServerError with
 * no HTTP status: that replay is transient too.
 */
function isTransientTokenFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { errorCode, status } = error as { errorCode?: unknown; status?: unknown };
  if (errorCode === 'network_error' || errorCode === 'no_network_connectivity') return true;
  if (typeof status === 'number') return status === 429 || status >= 500;
  return error.name === 'ServerError';
}

function describeMsalError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const { errorCode, errorMessage } = error as { errorCode?: unknown; errorMessage?: unknown };
  const detail = typeof errorMessage === 'string' && errorMessage ? errorMessage : error.message;
  // AADSTS descriptions run to several lines (trace and correlation ids): the first one says what failed.
  const firstLine = (detail.split(/\r?\n/)[0] ?? '').trim();
  const code = typeof errorCode === 'string' ? errorCode : '';
  if (!firstLine) return code || 'the token service failed recently and MSAL is holding requests back';
  return code && !firstLine.startsWith(code) ? `${code}: ${firstLine}` : firstLine;
}

const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

function scrubCredential(text: string, credential: MsalCredential): string {
  const secret = credential.kind === 'secret' ? credential.clientSecret : credential.privateKeyPem;
  const withoutSecret = secret ? text.split(secret).join('[redacted]') : text;
  return withoutSecret.replace(JWT, '[redacted]');
}
