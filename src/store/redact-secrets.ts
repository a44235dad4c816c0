/**
 * Secrets (passwords, tokens, Temporary Access Passes) must never reach the store, the audit trail or a log.
 * Everything written to disk passes through here first.
 */

export const REDACTED = '[redacted]';

const SECRET_KEY = /password|passwd|secret|token|accesspass|credential|clientassertion/i;
// Substrings, not whole values: a token usually hides inside an error message or a header dump.
const BEARER_TOKEN = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Every string that either pattern can match contains one of these: most strings skip both replacements. */
const MAY_HOLD_TOKEN = /bearer|eyJ/i;
/**
 * Whether a key names a secret, remembered: the job store redacts every row step, and its keys repeat. Bounded,
 * in case keys come from somewhere unbounded (a CSV's column names).
 */
const secretKeys = new Map<string, boolean>();
const SECRET_KEYS_REMEMBERED = 10_000;

/**
 * Returns a deep copy of `value` in which:
 * - the value of any key that names a secret (`password`, `temporaryAccessPass`, `clientSecret`, `accessToken`…)
 *   is replaced by `"[redacted]"` — unless it is a boolean or null (`temporaryAccessPassIssued: true` is a fact);
 * - bearer tokens and JWTs inside any string are replaced by `"[redacted]"`.
 * The input is never modified. Only plain objects and arrays are walked; other values are kept as they are.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value) as T;
}

/** Replaces bearer tokens and JWTs found inside a string. */
export function redactSecretsInText(text: string): string {
  if (!MAY_HOLD_TOKEN.test(text)) return text;
  return text.replace(BEARER_TOKEN, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecretsInText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(redactValue);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const entry = value[key];
      copy[key] = isSecretKey(key) && isSecretBearing(entry) ? REDACTED : redactValue(entry);
    }
    return copy;
  }
  return value;
}

function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < SECRET_KEYS_REMEMBERED) secretKeys.set(key, secret);
  }
  return secret;
}

function isSecretBearing(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
