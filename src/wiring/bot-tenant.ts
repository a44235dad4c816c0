/**
 * The tenant the bot talks to: the configured one (MSAL), or — in sandbox mode — an in-process sandbox tenant
 * loaded from the default fixture, whose restore requests finish in seconds so a demo can watch them.
 */
import { fileURLToPath } from 'node:url';
import { openConfiguredTenantSession, openSandboxSession, type TenantSession } from '../cli/tenant-session.ts';
import type { AppConfig } from '../config.ts';

export const DEFAULT_SANDBOX_FIXTURE = fileURLToPath(
  new URL('../../test/fixtures/tenant/default-tenant.json', import.meta.url),
);
export const SANDBOX_RESTORE = { durationMs: 20_000, pollIntervalMs: 2_000 };

export function openBotTenant(config: AppConfig): Promise<TenantSession> {
  if (config.tenant !== null) return openConfiguredTenantSession(config);
  return openSandboxSession(DEFAULT_SANDBOX_FIXTURE, {
    sandbox: { restoreDurationMs: SANDBOX_RESTORE.durationMs },
    maxConcurrentExchangeCalls: config.exchangeMaxConcurrentCalls,
  });
}
