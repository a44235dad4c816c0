// Run by m365agents.yml just before arm/deploy. The Toolkit refuses a ${{NAME}} whose value is empty, so the optional
// settings cannot each be a placeholder in infra/azure.parameters.json: this packs the ones that have a value in
// env/.env.<env> into one base64 JSON variable, which infra/azure.bicep unpacks into app settings.
// Secrets are never packed: the Toolkit logs what a script outputs.
import { pathToFileURL } from 'node:url';

/** Optional, non-secret settings of src/config.ts that the App Service gets when env/.env.<env> gives them a value. */
export const PACKED_SETTINGS = [
  'CSV_MAX_BYTES',
  'CSV_MAX_ROWS',
  'BULK_BATCH_SIZE',
  'BULK_PARALLEL_EXECUTION',
  'BULK_MAX_CONCURRENCY',
  'BULK_STOP_ON_ERROR',
  'BULK_RETRY_PASS',
  'BULK_MAX_RETRIES',
  'BULK_DELAY_BETWEEN_BATCHES_SECONDS',
  'BULK_RETRY_BASE_DELAY_MS',
  'BULK_RETRY_MAX_DELAY_MS',
  'CERTIFICATE_PATH',
  'CERTIFICATE_THUMBPRINT',
  'AUTHORITY_HOST',
  'EXCHANGE_BASE_URL',
  'GRAPH_BASE_URL',
  'EXCHANGE_MAX_CONCURRENT_CALLS',
  'RESTORE_POLL_INTERVAL_SECONDS',
  'DEFAULT_LICENSE_SKU',
  'DEFAULT_USAGE_LOCATION',
  'ISSUE_TEMPORARY_ACCESS_PASS',
  'ALLOW_LEGACY_DN_MISMATCH',
  'EXCHANGE_PASSWORD_KEY_PATH',
  'EXCHANGE_PASSWORD_KEY_URL',
  'ALLOWED_TENANT_IDS',
  'ALLOWED_SERVICE_URL_HOSTS',
  'APPROVER_USER_IDS',
  'APPROVER_GROUP_ID',
  'ALLOW_SELF_APPROVAL',
  'APPROVAL_TTL_HOURS',
  'APPROVALS_CHANNEL_ID',
  'NOTIFICATION_CHANNEL_ID',
  'PROGRESS_UPDATE_INTERVAL_SECONDS',
  'UPLOAD_TIMEOUT_SECONDS',
  'LINK_TTL_HOURS',
];

/** The variable the Toolkit writes to env/.env.<env> and infra/azure.parameters.json reads. */
export const PACKED_VARIABLE = 'PACKED_APP_SETTINGS';

/** Base64 of a JSON object holding the packed settings that have a non-blank value (`e30=`, `{}`, when none do). */
export function packAppSettings(env) {
  const settings = {};
  for (const name of PACKED_SETTINGS) {
    const value = env[name]?.trim();
    if (value) settings[name] = value;
  }
  return Buffer.from(JSON.stringify(settings), 'utf8').toString('base64');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`::set-teamsfx-env ${PACKED_VARIABLE}=${packAppSettings(process.env)}`);
}
