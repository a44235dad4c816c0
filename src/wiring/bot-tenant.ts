/**
 * The tenant the bot talks to: the configured one (MSAL), or — in sandbox mode — an in-process sandbox tenant
 * loaded from the default fixture (shipped beside the sandbox), whose restore requests finish in seconds, or the
 * sandbox tenant at SANDBOX_TENANT_URL, running in its own process so that it outlives a killed bot.
 */
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config.ts';
import {
  openConfiguredTenantSession,
  openRemoteSandboxSession,
  openSandboxSession,
  SANDBOX_RESTORE,
  type TenantSession,
} from './tenant-session.ts';

export const DEFAULT_SANDBOX_FIXTURE = fileURLToPath(
  new URL('../sandbox/fixtures/default-tenant.json', import.meta.url),
);

export function openBotTenant(config: AppConfig): Promise<TenantSession> {
  if (config.tenant !== null) return openConfiguredTenantSession(config);
  if (config.sandboxTenantUrl !== null) {
    return openRemoteSandboxSession(config.sandboxTenantUrl, {
      maxConcurrentExchangeCalls: config.exchangeMaxConcurrentCalls,
    });
  }
  return openSandboxSession(DEFAULT_SANDBOX_FIXTURE, {
    sandbox: { restoreDurationMs: SANDBOX_RESTORE.durationMs },
    maxConcurrentExchangeCalls: config.exchangeMaxConcurrentCalls,
  });
}
