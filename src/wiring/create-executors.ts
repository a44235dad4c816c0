/**
 * The executor of each operation type, wired to one tenant connection and the settings. Shared by the
 * command line and (later) the bot, so both run rows the same way.
 */
import type { AppConfig } from '../config.ts';
import type { BulkOperationType } from '../operations/model.ts';
import {
  createExportExecutor,
  createRecoveryExecutor,
  createRestoreExecutor,
  createValidateExecutor,
  type TemporaryAccessPassDelivery,
} from '../operations/executors/index.ts';
import type { TenantSnapshot } from '../operations/preflight/index.ts';
import type { Clock, ItemExecutor } from '../operations/ports.ts';
import type { ExchangeGateway, GraphGateway } from '../operations/tenant-ports.ts';
import { preflightOptionsOf } from './preflight-options.ts';

export interface ExecutorWiring {
  exchange: ExchangeGateway;
  graph: GraphGateway;
  clock: Clock;
  secrets: TemporaryAccessPassDelivery;
  /** The job's tenant snapshot, for validate jobs (built once). */
  loadSnapshot: () => Promise<TenantSnapshot>;
  /** Overrides the configured poll interval (the sandbox's restores finish in seconds, not hours). */
  restorePollIntervalMs?: number;
}

type ExecutorSettings = Pick<
  AppConfig,
  | 'restorePollIntervalMs'
  | 'restoreStatisticsPerInterval'
  | 'allowLegacyDnMismatch'
  | 'defaultLicenseSku'
  | 'defaultUsageLocation'
  | 'issueTemporaryAccessPass'
>;

export function createExecutors(
  wiring: ExecutorWiring,
  settings: ExecutorSettings,
): Record<BulkOperationType, ItemExecutor> {
  const { exchange, graph, clock } = wiring;
  return {
    recovery: createRecoveryExecutor(
      { exchange, graph, clock, secrets: wiring.secrets },
      {
        defaultLicenseSku: settings.defaultLicenseSku,
        defaultUsageLocation: settings.defaultUsageLocation,
        issueTemporaryAccessPass: settings.issueTemporaryAccessPass,
      },
    ),
    restore: createRestoreExecutor(
      { exchange, clock },
      {
        pollIntervalMs: wiring.restorePollIntervalMs ?? settings.restorePollIntervalMs,
        statisticsPerInterval: settings.restoreStatisticsPerInterval,
        allowLegacyDnMismatch: settings.allowLegacyDnMismatch,
      },
    ),
    validate: createValidateExecutor({
      loadSnapshot: wiring.loadSnapshot,
      preflightOptions: preflightOptionsOf(settings),
    }),
    export: createExportExecutor({ exchange }),
  };
}
