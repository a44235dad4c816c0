/**
 * The only reader of the environment. Every setting is declared once here (name, default, meaning), parsed
 * and validated up front; a bad value stops start-up with one sentence naming the variable. Secrets
 * (`SECRET_*`) are kept out of `describeConfig`, which is what logs may print.
 */
import { ConfigError, loadBulkOperationConfig, type BulkOperationConfig } from './operations/bulk-config.ts';
import { DEFAULT_CSV_LIMITS, type CsvLimits } from './operations/csv/index.ts';

export interface TenantSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string | undefined;
  certificatePath: string | undefined;
  certificateThumbprint: string | undefined;
  authorityHost: string;
  exchangeBaseUrl: string;
  graphBaseUrl: string;
}

export interface AppConfig {
  dataDir: string;
  csvLimits: CsvLimits;
  bulk: BulkOperationConfig;
  /** A real tenant, or `null` for the sandbox tenant. */
  tenant: TenantSettings | null;
  exchangeMaxConcurrentCalls: number;
  restorePollIntervalMs: number;
  defaultLicenseSku: string | undefined;
  defaultUsageLocation: string | undefined;
  issueTemporaryAccessPass: boolean;
  allowLegacyDnMismatch: boolean;
  exchangePasswordKeyPath: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads `process.env` (the one place that may). */
export function readConfigFromEnvironment(): AppConfig {
  return loadConfig(process.env);
}

export function loadConfig(env: Env): AppConfig {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const tenantId = text('TENANT_ID');
  const clientId = text('CLIENT_ID');
  if ((tenantId === undefined) !== (clientId === undefined)) {
    const missing = tenantId === undefined ? 'TENANT_ID' : 'CLIENT_ID';
    throw new ConfigError(missing, `${missing} must be set too: a real tenant needs both TENANT_ID and CLIENT_ID.`);
  }
  let tenant: TenantSettings | null = null;
  if (tenantId !== undefined && clientId !== undefined) {
    tenant = {
      tenantId,
      clientId,
      clientSecret: text('SECRET_CLIENT_SECRET'),
      certificatePath: text('CERTIFICATE_PATH'),
      certificateThumbprint: text('CERTIFICATE_THUMBPRINT'),
      authorityHost: url(text('AUTHORITY_HOST') ?? 'https://login.microsoftonline.com', 'AUTHORITY_HOST'),
      exchangeBaseUrl: url(text('EXCHANGE_BASE_URL') ?? 'https://outlook.office365.com', 'EXCHANGE_BASE_URL'),
      graphBaseUrl: url(text('GRAPH_BASE_URL') ?? 'https://graph.microsoft.com/v1.0', 'GRAPH_BASE_URL'),
    };
    if (tenant.clientSecret === undefined && tenant.certificatePath === undefined) {
      throw new ConfigError(
        'CERTIFICATE_PATH',
        'A real tenant needs a credential: set CERTIFICATE_PATH (preferred) or SECRET_CLIENT_SECRET.',
      );
    }
  }
  return {
    dataDir: text('DATA_DIR') ?? 'data',
    csvLimits: {
      maxBytes: int(text('CSV_MAX_BYTES'), 'CSV_MAX_BYTES', DEFAULT_CSV_LIMITS.maxBytes, 1, 100 * 1024 * 1024),
      maxRows: int(text('CSV_MAX_ROWS'), 'CSV_MAX_ROWS', DEFAULT_CSV_LIMITS.maxRows, 1, 100_000),
    },
    bulk: loadBulkSettings(text),
    tenant,
    exchangeMaxConcurrentCalls: int(text('EXCHANGE_MAX_CONCURRENT_CALLS'), 'EXCHANGE_MAX_CONCURRENT_CALLS', 3, 1, 10),
    restorePollIntervalMs:
      1000 * int(text('RESTORE_POLL_INTERVAL_SECONDS'), 'RESTORE_POLL_INTERVAL_SECONDS', 120, 1, 3600),
    defaultLicenseSku: text('DEFAULT_LICENSE_SKU'),
    defaultUsageLocation: text('DEFAULT_USAGE_LOCATION')?.toUpperCase(),
    issueTemporaryAccessPass: bool(text('ISSUE_TEMPORARY_ACCESS_PASS'), 'ISSUE_TEMPORARY_ACCESS_PASS', false),
    allowLegacyDnMismatch: bool(text('ALLOW_LEGACY_DN_MISMATCH'), 'ALLOW_LEGACY_DN_MISMATCH', false),
    exchangePasswordKeyPath: text('EXCHANGE_PASSWORD_KEY_PATH'),
  };
}

const BULK_VARIABLES: Record<keyof BulkOperationConfig, string> = {
  batchSize: 'BULK_BATCH_SIZE',
  parallelExecution: 'BULK_PARALLEL_EXECUTION',
  maxConcurrency: 'BULK_MAX_CONCURRENCY',
  stopOnError: 'BULK_STOP_ON_ERROR',
  retryFailed: 'BULK_RETRY_FAILED',
  maxRetries: 'BULK_MAX_RETRIES',
  delayBetweenBatches: 'BULK_DELAY_BETWEEN_BATCHES_SECONDS',
  retryBaseDelayMs: 'BULK_RETRY_BASE_DELAY_MS',
  retryMaxDelayMs: 'BULK_RETRY_MAX_DELAY_MS',
};

function loadBulkSettings(text: (name: string) => string | undefined): BulkOperationConfig {
  const overrides: Partial<Record<keyof BulkOperationConfig, unknown>> = {};
  for (const [key, variable] of Object.entries(BULK_VARIABLES) as [keyof BulkOperationConfig, string][]) {
    overrides[key] = text(variable);
  }
  try {
    return loadBulkOperationConfig(overrides);
  } catch (error) {
    // Re-word the engine's message with the variable the admin actually set.
    if (error instanceof ConfigError && error.setting in BULK_VARIABLES) {
      const variable = BULK_VARIABLES[error.setting as keyof BulkOperationConfig];
      throw new ConfigError(variable, error.message.replace(error.setting, variable));
    }
    throw error;
  }
}

function int(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

function bool(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, `${name} must be true or false (got "${raw}").`);
}

function url(raw: string, name: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'https:') throw new Error('not https');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, `${name} must be an https URL (got "${raw}").`);
  }
}

/** A one-line summary safe for logs: no secrets, only whether they are set. */
export function describeConfig(config: AppConfig): string {
  const tenant = config.tenant
    ? `tenant ${config.tenant.tenantId} (app ${config.tenant.clientId}, credential: ${config.tenant.certificatePath ? 'certificate' : 'secret'})`
    : 'sandbox tenant';
  return `data dir ${config.dataDir}; ${tenant}; batch ${config.bulk.batchSize}, parallel ${config.bulk.parallelExecution}`;
}
