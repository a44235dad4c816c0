import type { AppConfig } from '../config.ts';
import type { PreflightOptions } from '../operations/preflight/index.ts';

/** The pre-flight sees the same defaults the executors will apply, so "ready" means it will run. */
export function preflightOptionsOf(
  config: Pick<
    AppConfig,
    'defaultLicenseSku' | 'defaultUsageLocation' | 'allowLegacyDnMismatch' | 'issueTemporaryAccessPass'
  >,
): PreflightOptions {
  return {
    defaultLicenseSku: config.defaultLicenseSku,
    defaultUsageLocation: config.defaultUsageLocation,
    allowSyncedTargetX500: config.allowLegacyDnMismatch,
    issueTemporaryAccessPass: config.issueTemporaryAccessPass,
  };
}
