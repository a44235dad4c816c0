/**
 * A fresh sandbox tenant with the conditions (200 ms ± 50 ms per call, 3 concurrent Exchange calls,
 * a 4th answered with 429) and the real gateways connected to it, counting every HTTP call they send.
 */
import type { TenantFixture } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant, type SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { connectTenant, type TenantConnection } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';

export const TENANT_LATENCY_MS = { mean: 200, jitter: 50 } as const;
export const TENANT_EXCHANGE_LIMIT = 3;

export interface BenchTenant {
  sandbox: SandboxTenant;
  connection: TenantConnection;
  /** HTTP requests the gateways sent (each page, each retry and each `$batch` counts once). */
  calls: { exchange: number; graph: number };
  close(): Promise<void>;
}

export interface BenchTenantOptions {
  /** Without it the tenant answers at once (for setting up, never for measuring). @default true */
  slow?: boolean;
}

export async function openBenchTenant(fixture: TenantFixture, options: BenchTenantOptions = {}): Promise<BenchTenant> {
  const slow = options.slow ?? true;
  const sandbox = await startSandboxTenant({
    fixture,
    host: '127.0.0.1',
    ...(slow
      ? {
          latencyMs: { ...TENANT_LATENCY_MS },
          exchangeConcurrency: { limit: TENANT_EXCHANGE_LIMIT, mode: '429' as const },
        }
      : {}),
    // New users are visible in Graph at once, so the executor's wait-for-user never sleeps.
    userProvisioningDelayMs: 0,
  });
  const calls = { exchange: 0, graph: 0 };
  const connection = connectTenant({
    tenantId: sandbox.tenantId,
    exchangeBaseUrl: sandbox.exchangeBaseUrl,
    graphBaseUrl: sandbox.graphBaseUrl,
    // The sandbox accepts any bearer token.
    tokens: createStaticTokenProvider('bench-token'),
    passwords: createPlainPasswordEncoder(),
    maxConcurrentExchangeCalls: TENANT_EXCHANGE_LIMIT,
    onExchangeCall: () => (calls.exchange += 1),
    onGraphCall: () => (calls.graph += 1),
  });
  return { sandbox, connection, calls, close: () => sandbox.close() };
}
