/**
 * The only reader of the environment. Every setting is declared once here (name, default, meaning), parsed
 * and validated up front; a bad value stops start-up with one sentence naming the variable. Secrets
 * (`SECRET_*`) are kept out of `describeConfig`, which is what logs may print.
 */
import { ConfigError, loadBulkOperationConfig, type BulkOperationConfig } from './operations/bulk-config.ts';
import {
  GUID,
  bool,
  guid,
  hosts,
  int,
  list,
  listenHost,
  loopbackHttpUrl,
  oneOf,
  optionalInt,
  publicBaseUrl,
  url,
} from './config-values.ts';
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
  /**
   * Sandbox mode only: a sandbox tenant already running in its own process (`npm run sandbox`) that the bot uses
   * instead of starting one in-process — it outlives a killed bot, as a real tenant does. `null` = in-process.
   */
  sandboxTenantUrl: string | null;
  exchangeMaxConcurrentCalls: number;
  restorePollIntervalMs: number;
  /** Restore rows submitting at once; a submitted row gives its slot up and waits for the job's tracker. */
  restoreConcurrentRows: number;
  /** Get-MailboxRestoreRequestStatistics reads per restore job per poll interval (besides its one listing). */
  restoreStatisticsPerInterval: number;
  defaultLicenseSku: string | undefined;
  defaultUsageLocation: string | undefined;
  issueTemporaryAccessPass: boolean;
  allowLegacyDnMismatch: boolean;
  /** A key file here overrides the download from `exchangePasswordKeyUrl`. */
  exchangePasswordKeyPath: string | undefined;
  /** Where the SecureString password key is downloaded from (and again weekly) when no key file is set. */
  exchangePasswordKeyUrl: string;
  bot: BotConfig;
  /** The Microsoft 365 Agents Playground that `npm start` opens in sandbox mode; `null` = not started. */
  playground: { port: number } | null;
}

export type BotAppKind = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

/** The Teams bot's settings. Sandbox mode = no real tenant configured (no TENANT_ID). */
export interface BotConfig {
  sandbox: boolean;
  port: number;
  host: string;
  /** Where `/files/:token` links point, without a trailing slash. */
  publicBaseUrl: string;
  /** The app id the running bot authenticates as; `null` = anonymous (sandbox on loopback only). */
  appId: string | null;
  appType: BotAppKind;
  appTenantId: string | undefined;
  /** A secret: never logged. */
  appPassword: string | undefined;
  appCertificate: { path: string; thumbprint: string } | undefined;
  allowedTenantIds: string[];
  /** `undefined` = the Teams service hosts. */
  allowedServiceUrlHosts: string[] | undefined;
  approverUserIds: string[];
  approverGroupId: string | undefined;
  allowSelfApproval: boolean;
  approvalTtlMs: number;
  approvalsChannelId: string | undefined;
  /** Read-only types (validate, export) run without an approver (APPROVALS_READ_ONLY_WITHOUT_APPROVER). */
  readOnlyWithoutApprover: boolean;
  /** Jobs with more rows than this need two distinct approvers (APPROVALS_REQUIRED_ABOVE_ROWS); null: off. */
  twoApproversAboveRows: number | null;
  notificationChannelId: string | undefined;
  progressIntervalMs: number;
  upload: { allowedHosts: string[]; requireHttps: boolean; timeoutMs: number };
  /** A secret of ≥ 32 bytes; unset in the sandbox = generated and kept in `<dataDir>/.link-key`. */
  linkSigningKey: string | undefined;
  linkTtlMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads `process.env` (the one place that may). */
export function readConfigFromEnvironment(): AppConfig {
  return loadConfig(process.env);
}

const SANDBOX_APPROVERS = 'user-id-0,user-id-1';

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
  const sandboxTenantUrl = loopbackHttpUrl(text('SANDBOX_TENANT_URL'), 'SANDBOX_TENANT_URL');
  if (sandboxTenantUrl !== null && tenant !== null) {
    throw new ConfigError(
      'SANDBOX_TENANT_URL',
      'SANDBOX_TENANT_URL is for sandbox mode only: unset it, or unset TENANT_ID and CLIENT_ID.',
    );
  }
  const csvLimits = {
    maxBytes: int(text('CSV_MAX_BYTES'), 'CSV_MAX_BYTES', DEFAULT_CSV_LIMITS.maxBytes, 1, 100 * 1024 * 1024),
    maxRows: int(text('CSV_MAX_ROWS'), 'CSV_MAX_ROWS', DEFAULT_CSV_LIMITS.maxRows, 1, 100_000),
  };
  return {
    dataDir: text('DATA_DIR') ?? 'data',
    csvLimits,
    bulk: loadBulkSettings(text),
    tenant,
    sandboxTenantUrl,
    exchangeMaxConcurrentCalls: int(text('EXCHANGE_MAX_CONCURRENT_CALLS'), 'EXCHANGE_MAX_CONCURRENT_CALLS', 3, 1, 10),
    restorePollIntervalMs:
      1000 * int(text('RESTORE_POLL_INTERVAL_SECONDS'), 'RESTORE_POLL_INTERVAL_SECONDS', 120, 1, 3600),
    restoreConcurrentRows: int(text('RESTORE_CONCURRENT_ROWS'), 'RESTORE_CONCURRENT_ROWS', 20, 1, 64),
    restoreStatisticsPerInterval: int(
      text('RESTORE_STATISTICS_PER_INTERVAL'),
      'RESTORE_STATISTICS_PER_INTERVAL',
      20,
      1,
      1000,
    ),
    defaultLicenseSku: text('DEFAULT_LICENSE_SKU'),
    defaultUsageLocation: text('DEFAULT_USAGE_LOCATION')?.toUpperCase(),
    issueTemporaryAccessPass: bool(text('ISSUE_TEMPORARY_ACCESS_PASS'), 'ISSUE_TEMPORARY_ACCESS_PASS', false),
    allowLegacyDnMismatch: bool(text('ALLOW_LEGACY_DN_MISMATCH'), 'ALLOW_LEGACY_DN_MISMATCH', false),
    exchangePasswordKeyPath: text('EXCHANGE_PASSWORD_KEY_PATH'),
    exchangePasswordKeyUrl: url(
      text('EXCHANGE_PASSWORD_KEY_URL') ?? DEFAULT_EXCHANGE_PASSWORD_KEY_URL,
      'EXCHANGE_PASSWORD_KEY_URL',
    ),
    bot: loadBotSettings(text, tenant),
    playground:
      tenant === null && bool(text('PLAYGROUND'), 'PLAYGROUND', true)
        ? { port: int(text('PLAYGROUND_PORT'), 'PLAYGROUND_PORT', 56150, 0, 65535) }
        : null,
  };
}

/**
 * The environment of the Agents Playground child process: ours, plus what keeps it quiet and offline
 * (no browser launch, no Azure telemetry, its log in our data directory — see PLAYGROUND.md).
 */
export function playgroundEnvironment(logFile: string): Record<string, string | undefined> {
  return {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
}

// Where GreyCorbel/ExoHelper downloads the key from (Module/ExoHelper/ExoHelper.psd1, PrivateData.Configuration
// .ExoPublicKey.Link): its copy of the key Microsoft ships in the module Connect-ExchangeOnline downloads. A third
// party's copy: set EXCHANGE_PASSWORD_KEY_PATH (or _URL) to a key you took from that module yourself to avoid it.
const DEFAULT_EXCHANGE_PASSWORD_KEY_URL = 'https://raw.githubusercontent.com/GreyCorbel/ExoHelper/main/PublicKey.xml';

// The Agents Playground's tenant: what the sandbox accepts when ALLOWED_TENANT_IDS is unset.
const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];
const APP_KINDS: readonly BotAppKind[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

/**
 * `BOT_APP_ID`, not the packaging `BOT_ID`: env/.env.local carries a placeholder BOT_ID for the manifest, which
 * must never become the id the sandbox bot authenticates as.
 */
function loadBotSettings(text: (name: string) => string | undefined, tenant: TenantSettings | null): BotConfig {
  const sandbox = tenant === null;
  const port = int(text('PORT'), 'PORT', 3978, 0, 65535);
  const host = listenHost(text('HOST') ?? '127.0.0.1');
  const appId = text('BOT_APP_ID') ?? null;
  const appTenantId = text('BOT_TENANT_ID');
  const appType = oneOf(text('BOT_APP_TYPE'), 'BOT_APP_TYPE', APP_KINDS, appTenantId ? 'SingleTenant' : 'MultiTenant');
  const appPassword = text('SECRET_BOT_PASSWORD');
  const certificatePath = text('BOT_CERTIFICATE_PATH');
  const certificateThumbprint = text('BOT_CERTIFICATE_THUMBPRINT');
  if (certificatePath !== undefined && certificateThumbprint === undefined) {
    throw new ConfigError(
      'BOT_CERTIFICATE_THUMBPRINT',
      'BOT_CERTIFICATE_THUMBPRINT must be set with BOT_CERTIFICATE_PATH.',
    );
  }
  if (appId !== null) checkBotCredential(appType, appTenantId, appPassword, certificatePath);
  const allowSelfApproval = bool(text('ALLOW_SELF_APPROVAL'), 'ALLOW_SELF_APPROVAL', sandbox);
  const approverGroupId = guid(text('APPROVER_GROUP_ID'), 'APPROVER_GROUP_ID');
  // The sandbox's Playground users (Alex Wilber is user-id-0), so a job can be approved there out of the box.
  const approverUserIds = list(text('APPROVER_USER_IDS') ?? (sandbox ? SANDBOX_APPROVERS : undefined));
  return {
    sandbox,
    port,
    host,
    publicBaseUrl: publicBaseUrl(text('PUBLIC_BASE_URL'), host, port),
    appId,
    appType,
    appTenantId,
    appPassword,
    appCertificate:
      certificatePath && certificateThumbprint
        ? { path: certificatePath, thumbprint: certificateThumbprint }
        : undefined,
    allowedTenantIds: allowedTenantIds(text('ALLOWED_TENANT_IDS'), tenant),
    allowedServiceUrlHosts:
      hosts(text('ALLOWED_SERVICE_URL_HOSTS'), 'ALLOWED_SERVICE_URL_HOSTS') ?? (sandbox ? LOOPBACK_HOSTS : undefined),
    approverUserIds,
    approverGroupId,
    allowSelfApproval,
    approvalTtlMs: HOUR_MS * int(text('APPROVAL_TTL_HOURS'), 'APPROVAL_TTL_HOURS', 24, 1, 720),
    approvalsChannelId: text('APPROVALS_CHANNEL_ID'),
    readOnlyWithoutApprover: bool(
      text('APPROVALS_READ_ONLY_WITHOUT_APPROVER'),
      'APPROVALS_READ_ONLY_WITHOUT_APPROVER',
      true,
    ),
    twoApproversAboveRows: optionalInt(text('APPROVALS_REQUIRED_ABOVE_ROWS'), 'APPROVALS_REQUIRED_ABOVE_ROWS'),
    notificationChannelId: text('NOTIFICATION_CHANNEL_ID'),
    progressIntervalMs:
      1000 * int(text('PROGRESS_UPDATE_INTERVAL_SECONDS'), 'PROGRESS_UPDATE_INTERVAL_SECONDS', 5, 1, 300),
    upload: {
      allowedHosts: uploadHosts(text('UPLOAD_ALLOWED_HOSTS'), sandbox),
      requireHttps: !sandbox,
      timeoutMs: 1000 * int(text('UPLOAD_TIMEOUT_SECONDS'), 'UPLOAD_TIMEOUT_SECONDS', 30, 1, 600),
    },
    linkSigningKey: linkSigningKey(text('SECRET_LINK_SIGNING_KEY')),
    linkTtlMs: linkTtlMs(text('LINK_TTL_MINUTES'), text('LINK_TTL_HOURS')),
  };
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Download links are for one person and short-lived (signed-links.ts): an hour by default, a day at most. The
 * old hours setting allowed a month of bearer links; it is refused by name rather than quietly ignored.
 */
function linkTtlMs(minutes: string | undefined, oldHours: string | undefined): number {
  if (oldHours !== undefined) {
    throw new ConfigError(
      'LINK_TTL_HOURS',
      'LINK_TTL_HOURS is replaced by LINK_TTL_MINUTES (download links now last 60 minutes unless set, at most 1440).',
    );
  }
  return MINUTE_MS * int(minutes, 'LINK_TTL_MINUTES', 60, 5, 1440);
}

function checkBotCredential(
  appType: BotAppKind,
  appTenantId: string | undefined,
  appPassword: string | undefined,
  certificatePath: string | undefined,
): void {
  if (appType !== 'MultiTenant' && appTenantId === undefined) {
    throw new ConfigError('BOT_TENANT_ID', `BOT_TENANT_ID must be set for a ${appType} bot (BOT_APP_TYPE).`);
  }
  if (appType === 'UserAssignedMSI') {
    if (appPassword !== undefined || certificatePath !== undefined) {
      throw new ConfigError(
        'SECRET_BOT_PASSWORD',
        'A UserAssignedMSI bot uses its managed identity: unset SECRET_BOT_PASSWORD and BOT_CERTIFICATE_PATH.',
      );
    }
    return;
  }
  if (appPassword !== undefined && certificatePath !== undefined) {
    throw new ConfigError(
      'SECRET_BOT_PASSWORD',
      'Set either SECRET_BOT_PASSWORD or BOT_CERTIFICATE_PATH for the bot, not both.',
    );
  }
  if (appPassword === undefined && certificatePath === undefined) {
    throw new ConfigError(
      'SECRET_BOT_PASSWORD',
      'BOT_APP_ID needs a credential: set BOT_CERTIFICATE_PATH or SECRET_BOT_PASSWORD.',
    );
  }
}

function allowedTenantIds(raw: string | undefined, tenant: TenantSettings | null): string[] {
  const ids = list(raw);
  for (const id of ids) {
    if (!GUID.test(id)) {
      throw new ConfigError('ALLOWED_TENANT_IDS', `ALLOWED_TENANT_IDS must list tenant GUIDs (got "${id}").`);
    }
  }
  if (ids.length > 0) return ids;
  if (tenant === null) return [PLAYGROUND_TENANT_ID];
  return GUID.test(tenant.tenantId) ? [tenant.tenantId] : [];
}

function uploadHosts(raw: string | undefined, sandbox: boolean): string[] {
  return hosts(raw, 'UPLOAD_ALLOWED_HOSTS') ?? (sandbox ? LOOPBACK_HOSTS : []);
}

function linkSigningKey(raw: string | undefined): string | undefined {
  // Not quoted in the message: it is a secret.
  if (raw !== undefined && Buffer.byteLength(raw, 'utf8') < 32) throw weakLinkKey();
  return raw;
}

function weakLinkKey(): ConfigError {
  return new ConfigError(
    'SECRET_LINK_SIGNING_KEY',
    'SECRET_LINK_SIGNING_KEY must be at least 32 bytes, e.g. the output of `openssl rand -base64 48`.',
  );
}

/**
 * What only the bot needs against a real tenant, checked when the bot starts (the command line runs without
 * them): approvers and a way to tell them, the Teams tenant, upload hosts, an https public address and a link signing key.
 */
export function assertBotReady(config: AppConfig): void {
  const bot = config.bot;
  if (bot.sandbox) return;
  const fail = (name: string, message: string): never => {
    throw new ConfigError(name, message);
  };
  if (bot.approverUserIds.length === 0 && bot.approverGroupId === undefined) {
    fail(
      'APPROVER_USER_IDS',
      'APPROVER_USER_IDS or APPROVER_GROUP_ID must name the approvers: without them no job can be approved.',
    );
  }
  // A group alone names who may approve but gives the bot nobody to send the request to.
  if (bot.approvalsChannelId === undefined && bot.approverUserIds.length === 0 && !bot.allowSelfApproval) {
    fail(
      'APPROVALS_CHANNEL_ID',
      'APPROVALS_CHANNEL_ID or APPROVER_USER_IDS must be set: without them no approver is told about a job, and with ALLOW_SELF_APPROVAL off nobody could approve it.',
    );
  }
  if (bot.allowedTenantIds.length === 0) {
    fail(
      'ALLOWED_TENANT_IDS',
      'ALLOWED_TENANT_IDS must list the Teams tenant GUID(s) when TENANT_ID is a domain name.',
    );
  }
  if (bot.upload.allowedHosts.length === 0) {
    fail(
      'UPLOAD_ALLOWED_HOSTS',
      'UPLOAD_ALLOWED_HOSTS must list the SharePoint hosts uploads come from, e.g. contoso.sharepoint.com,contoso-my.sharepoint.com.',
    );
  }
  if (!bot.publicBaseUrl.startsWith('https://')) {
    fail('PUBLIC_BASE_URL', 'PUBLIC_BASE_URL must be set to the https address Teams users reach the bot on.');
  }
  if (bot.linkSigningKey === undefined) throw weakLinkKey();
}

const BULK_VARIABLES: Record<keyof BulkOperationConfig, string> = {
  batchSize: 'BULK_BATCH_SIZE',
  parallelExecution: 'BULK_PARALLEL_EXECUTION',
  maxConcurrency: 'BULK_MAX_CONCURRENCY',
  stopOnError: 'BULK_STOP_ON_ERROR',
  retryPass: 'BULK_RETRY_PASS',
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
  // The retry pass's variable had the retry job's name until the two were told apart: still read.
  overrides.retryPass ??= text('BULK_RETRY_FAILED');
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

/** A one-line summary safe for logs: no secrets, only whether they are set. */
export function describeConfig(config: AppConfig): string {
  const tenant = config.tenant
    ? `tenant ${config.tenant.tenantId} (app ${config.tenant.clientId}, credential: ${config.tenant.certificatePath ? 'certificate' : 'secret'})`
    : `sandbox tenant${config.sandboxTenantUrl === null ? '' : ` at ${config.sandboxTenantUrl}`}`;
  const bot = config.bot.appId === null ? 'bot without app id' : `bot app ${config.bot.appId}`;
  return `data dir ${config.dataDir}; ${tenant}; batch ${config.bulk.batchSize}, parallel ${config.bulk.parallelExecution}; ${bot} on ${config.bot.host}:${config.bot.port}`;
}
