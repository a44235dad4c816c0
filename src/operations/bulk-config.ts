/**
 * Engine settings (seed Task 1 defaults) and their validation. The values come from src/config.ts (the
 * only reader of the environment) or from a caller; a bad value is reported as one sentence naming it.
 */

export interface BulkOperationConfig {
  /** Items per batch. @default 10 */
  batchSize: number;
  /** Run the items of a batch concurrently (up to `maxConcurrency`). @default false */
  parallelExecution: boolean;
  /** Items in flight at once when `parallelExecution` is on; never exceeded. @default 4 */
  maxConcurrency: number;
  /** Stop scheduling after the first failed item; the rest become `skipped`. @default false */
  stopOnError: boolean;
  /**
   * After the main pass, make one more pass (the "retry pass") over items that failed with a transient error.
   * Not to be confused with a retry job (the Retry button: a new job of a finished job's failed rows) or with
   * the retries of one attempt within a pass (`maxRetries`). @default true
   */
  retryPass: boolean;
  /** Retries of a transient failure within one pass (so up to 1 + maxRetries attempts). @default 3 */
  maxRetries: number;
  /** Pause between batches, in seconds. @default 1 */
  delayBetweenBatches: number;
  /** First backoff before a retry, in milliseconds; doubles each attempt, with jitter. @default 1000 */
  retryBaseDelayMs: number;
  /** Cap on one backoff, in milliseconds. @default 60000 */
  retryMaxDelayMs: number;
}

export const DEFAULT_BULK_OPERATION_CONFIG: Readonly<BulkOperationConfig> = Object.freeze({
  batchSize: 10,
  parallelExecution: false,
  maxConcurrency: 4,
  stopOnError: false,
  retryPass: true,
  maxRetries: 3,
  delayBetweenBatches: 1,
  retryBaseDelayMs: 1000,
  retryMaxDelayMs: 60_000,
});

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Rule = { kind: 'int'; min: number; max: number } | { kind: 'number'; min: number; max: number } | { kind: 'bool' };

const RULES: Record<keyof BulkOperationConfig, Rule> = {
  batchSize: { kind: 'int', min: 1, max: 1000 },
  parallelExecution: { kind: 'bool' },
  maxConcurrency: { kind: 'int', min: 1, max: 64 },
  stopOnError: { kind: 'bool' },
  retryPass: { kind: 'bool' },
  maxRetries: { kind: 'int', min: 0, max: 20 },
  delayBetweenBatches: { kind: 'number', min: 0, max: 3600 },
  retryBaseDelayMs: { kind: 'int', min: 0, max: 600_000 },
  retryMaxDelayMs: { kind: 'int', min: 0, max: 3_600_000 },
};

const LEGACY_RETRY_PASS = 'retryFailed';

/**
 * Merges `overrides` over the defaults and checks every value. Strings are accepted ("10", "true") because
 * settings usually arrive from an environment file.
 * @throws ConfigError naming the first bad setting, e.g. `batchSize must be a whole number from 1 to 1000 (got "ten").`
 */
export function loadBulkOperationConfig(
  overrides: Partial<Record<keyof BulkOperationConfig, unknown>> = {},
): BulkOperationConfig {
  const config: BulkOperationConfig = { ...DEFAULT_BULK_OPERATION_CONFIG };
  for (const [given, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    // Operations saved before the retry pass had its own name carry it as `retryFailed`.
    const key = given === LEGACY_RETRY_PASS ? 'retryPass' : given;
    if (!(key in RULES)) throw new ConfigError(key, `${key} is not a bulk operation setting.`);
    const name = key as keyof BulkOperationConfig;
    (config as unknown as Record<string, unknown>)[name] = coerce(name, RULES[name], raw);
  }
  if (config.retryMaxDelayMs < config.retryBaseDelayMs) {
    throw new ConfigError(
      'retryMaxDelayMs',
      `retryMaxDelayMs (${config.retryMaxDelayMs}) must not be below retryBaseDelayMs (${config.retryBaseDelayMs}).`,
    );
  }
  return config;
}

function coerce(name: string, rule: Rule, raw: unknown): number | boolean {
  if (rule.kind === 'bool') {
    if (typeof raw === 'boolean') return raw;
    const text = String(raw).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
    throw new ConfigError(name, `${name} must be true or false (got ${JSON.stringify(raw)}).`);
  }
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  const whole = rule.kind === 'int';
  if (!Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < rule.min || value > rule.max) {
    const what = whole ? 'a whole number' : 'a number';
    throw new ConfigError(
      name,
      `${name} must be ${what} from ${rule.min} to ${rule.max} (got ${JSON.stringify(raw)}).`,
    );
  }
  return value;
}
