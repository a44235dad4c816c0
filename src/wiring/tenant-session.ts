/**
 * Which tenant the bot or a command talks to: an in-process sandbox loaded from a fixture (`--tenant-fixture`), or the
 * real tenant from the configuration. Either way the same gateways speak real HTTP.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AppConfig, TenantSettings } from '../config.ts';
import { isLoopbackHttpUrl } from '../config-values.ts';
import { loadTenantFixture } from '../sandbox/fixture.ts';
import { startSandboxTenant, type SandboxOptions, type SandboxTenant } from '../sandbox/sandbox-server.ts';
import { connectTenant, type TenantConnection } from '../tenant/connect-tenant.ts';
import {
  createDownloadedKeyPasswordEncoder,
  createPlainPasswordEncoder,
  createRsaPasswordEncoder,
} from '../tenant/exchange/password-encoder.ts';
import { createPasswordKeySource } from '../tenant/exchange/password-key-source.ts';
import { createMsalTokenProvider, type MsalCredential } from '../tenant/msal-token-provider.ts';
import { createStaticTokenProvider, type TokenProvider } from '../tenant/token-provider.ts';

/** The tenant cannot be reached as configured (no tenant, an unreadable fixture or certificate): one sentence. */
export class TenantSessionError extends Error {
  readonly code = 'TENANT_SETUP';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TenantSessionError';
  }
}

export interface TenantSession {
  mode: 'sandbox' | 'tenant';
  connection: TenantConnection;
  /** The session's token source, for checks such as `doctor`; tokens it hands out are never printed. */
  tokens: TokenProvider;
  /** Remote calls made through this session's gateways. */
  calls: { exchange: number; graph: number };
  sandbox: SandboxTenant | null;
  close(): Promise<void>;
}

/**
 * How the sandbox's restore requests behave for the bot and the CLI alike: they finish in seconds, so a demo
 * can watch one end to end, and are polled every second (a real tenant's copy takes hours, polled in minutes).
 */
export const SANDBOX_RESTORE = { durationMs: 6_000, pollIntervalMs: 1_000 } as const;

export async function openSandboxSession(
  fixturePath: string,
  options: {
    sandbox?: Omit<SandboxOptions, 'fixture'>;
    maxConcurrentExchangeCalls?: number;
    /** The bearer token sent; `forbidden` plays an app without its permissions. @default 'sandbox-token' */
    token?: string;
  } = {},
): Promise<TenantSession> {
  const fixture = await loadTenantFixture(fixturePath).catch((error: unknown) => {
    const reason =
      error instanceof Error && 'code' in error && !('errno' in error) ? error.message : 'it cannot be read';
    throw new TenantSessionError(`Cannot use the tenant fixture ${fixturePath}: ${reason}`, { cause: error });
  });
  const sandbox = await startSandboxTenant({ ...options.sandbox, fixture });
  const calls = { exchange: 0, graph: 0 };
  // The sandbox accepts any bearer token; no credential exists to leak.
  const tokens = createStaticTokenProvider(options.token ?? 'sandbox-token');
  const connection = connectTenant({
    tenantId: sandbox.tenantId,
    exchangeBaseUrl: sandbox.exchangeBaseUrl,
    graphBaseUrl: sandbox.graphBaseUrl,
    tokens,
    passwords: createPlainPasswordEncoder(),
    maxConcurrentExchangeCalls: options.maxConcurrentExchangeCalls,
    onExchangeCall: () => (calls.exchange += 1),
    onGraphCall: () => (calls.graph += 1),
  });
  return { mode: 'sandbox', connection, tokens, calls, sandbox, close: () => sandbox.close() };
}

/**
 * A sandbox tenant already running in its own process (`npm run sandbox`), on a loopback address: it outlives a
 * killed bot or CLI, as a real tenant does, which is what a crash test needs. Its state is not ours to close.
 */
export async function openRemoteSandboxSession(
  url: string,
  options: {
    fetch?: typeof fetch;
    maxConcurrentExchangeCalls?: number;
  } = {},
): Promise<TenantSession> {
  if (!isLoopbackHttpUrl(url)) {
    throw new TenantSessionError(
      `--tenant-url must be a sandbox on this machine (http://127.0.0.1:<port>), got "${url}".`,
    );
  }
  const base = new URL(url).origin;
  const tenantId = await (options.fetch ?? fetch)(`${base}/_sandbox/tenant`)
    .then(async (response) => ((await response.json()) as { tenantId?: unknown }).tenantId)
    .catch(() => undefined);
  if (typeof tenantId !== 'string') {
    throw new TenantSessionError(`No sandbox tenant answers at ${base}: start one with "npm run sandbox".`);
  }
  const calls = { exchange: 0, graph: 0 };
  const tokens = createStaticTokenProvider('sandbox-token');
  const connection = connectTenant({
    tenantId,
    exchangeBaseUrl: base,
    graphBaseUrl: `${base}/v1.0`,
    tokens,
    passwords: createPlainPasswordEncoder(),
    maxConcurrentExchangeCalls: options.maxConcurrentExchangeCalls,
    onExchangeCall: () => (calls.exchange += 1),
    onGraphCall: () => (calls.graph += 1),
  });
  return { mode: 'sandbox', connection, tokens, calls, sandbox: null, close: async () => undefined };
}

export async function openConfiguredTenantSession(config: AppConfig): Promise<TenantSession> {
  const tenant = config.tenant;
  if (tenant === null) {
    throw new TenantSessionError(
      'No tenant is configured: set TENANT_ID and CLIENT_ID, or pass --tenant-fixture <file>.',
    );
  }
  const calls = { exchange: 0, graph: 0 };
  // A key file overrides the download; the download is made when a recovery first needs the key, not at start-up.
  const passwords = config.exchangePasswordKeyPath
    ? createRsaPasswordEncoder(await readFile(config.exchangePasswordKeyPath, 'utf8'))
    : createDownloadedKeyPasswordEncoder(createPasswordKeySource({ url: config.exchangePasswordKeyUrl }));
  const tokens = createMsalTokenProvider({
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    credential: await readCredential(tenant),
    authorityHost: tenant.authorityHost,
    // Sovereign clouds: the token audience follows the configured hosts.
    exchangeScope: `${tenant.exchangeBaseUrl}/.default`,
    graphScope: `${new URL(tenant.graphBaseUrl).origin}/.default`,
  });
  const connection = connectTenant({
    tenantId: tenant.tenantId,
    exchangeBaseUrl: tenant.exchangeBaseUrl,
    graphBaseUrl: tenant.graphBaseUrl,
    tokens,
    passwords,
    maxConcurrentExchangeCalls: config.exchangeMaxConcurrentCalls,
    onExchangeCall: () => (calls.exchange += 1),
    onGraphCall: () => (calls.graph += 1),
  });
  return { mode: 'tenant', connection, tokens, calls, sandbox: null, close: async () => undefined };
}

/** A PEM file holding the private key and the certificate (its SHA-256 thumbprint identifies the key to Entra). */
async function readCredential(tenant: TenantSettings): Promise<MsalCredential> {
  if (tenant.certificatePath === undefined) return { kind: 'secret', clientSecret: tenant.clientSecret ?? '' };
  const pem = await readFile(tenant.certificatePath, 'utf8').catch(() => {
    throw new TenantSessionError(`CERTIFICATE_PATH ${tenant.certificatePath} cannot be read.`);
  });
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const given = tenant.certificateThumbprint?.replaceAll(':', '');
  // Entra shows SHA-1 thumbprints (40 hex digits); MSAL prefers SHA-256, which we compute from the file.
  if (given !== undefined && given.length === 40) return { kind: 'certificate', privateKeyPem: pem, thumbprint: given };
  const thumbprintSha256 =
    given ?? (certificate ? new X509Certificate(certificate).fingerprint256.replaceAll(':', '') : undefined);
  if (thumbprintSha256 === undefined) {
    throw new TenantSessionError('CERTIFICATE_PATH must hold the certificate too, or set CERTIFICATE_THUMBPRINT.');
  }
  return { kind: 'certificate', privateKeyPem: pem, thumbprintSha256 };
}
