import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';
import { parseRetryAfter } from '../retry-after.ts';

/** One entry of the 400 envelope's `details[]`: `message` is `"<id>|<exception type>|<text>"`. */
export interface CmdletErrorDetail {
  id: string;
  exceptionType: string;
  text: string;
}

export interface ExchangeFailure {
  status: number;
  headers: Headers;
  bodyText: string;
}

export interface ExchangeCallContext {
  cmdlet: string;
  tenantId: string;
  nowMs: number;
}

const CONCURRENCY_LIMIT_TEXT = /maximum number of concurrent requests/i;
const DIAGNOSTICS_MAX_CHARS = 300;

interface CmdletErrorRule {
  code: string;
  exceptionTypes?: readonly string[];
  text?: RegExp;
}

// First match wins: the narrow texts come before the broad "already being used" / "couldn't be found".
const CMDLET_ERROR_RULES: readonly CmdletErrorRule[] = [
  { code: TENANT_ERROR_CODES.additionalShards, text: /additional shards/i },
  {
    code: TENANT_ERROR_CODES.legacyDnMismatch,
    text: /AllowLegacyDNMismatch|legacy\s*(exchange\s*)?DN\b.*\b(mismatch|match|differ)/i,
  },
  // An address clash is not a Name clash: the executor must not suggest another Name for it.
  { code: TENANT_ERROR_CODES.cmdletFailed, text: /proxy address .* is already being used/i },
  {
    code: TENANT_ERROR_CODES.nameInUse,
    exceptionTypes: ['ADObjectAlreadyExistsException'],
    text: /is already being used/i,
  },
  {
    code: TENANT_ERROR_CODES.objectNotFound,
    exceptionTypes: ['ManagementObjectNotFoundException'],
    text: /couldn't be found|could not be found/i,
  },
];

/** True for the plain-text refusal Exchange sends when a tenant has too many calls in flight. */
export function isConcurrencyLimitText(text: string): boolean {
  return CONCURRENCY_LIMIT_TEXT.test(text);
}

/** Reads `error.details[].message` (or a pipe-separated `error.message`) from a parsed error body. */
export function parseCmdletErrorDetails(body: unknown): CmdletErrorDetail[] {
  const error = readObject(readObject(body)?.['error']);
  if (!error) return [];
  const details = Array.isArray(error['details']) ? error['details'] : [];
  const messages = details
    .map((detail) => readObject(detail)?.['message'])
    .filter((message): message is string => typeof message === 'string' && message.trim() !== '');
  if (messages.length === 0 && typeof error['message'] === 'string' && error['message'].includes('|')) {
    messages.push(error['message']);
  }
  return messages.map(splitDetailMessage);
}

/** Maps a cmdlet's refusal to a permanent TenantError whose message is the cmdlet's own sentence. */
export function mapCmdletError(
  details: readonly CmdletErrorDetail[],
  fallbackText: string,
  httpStatus: number,
): TenantError {
  const first = details[0];
  const text = first ? first.text : fallbackText;
  const rule = first ? CMDLET_ERROR_RULES.find((candidate) => matchesRule(candidate, first)) : undefined;
  return new TenantError({
    code: rule?.code ?? TENANT_ERROR_CODES.cmdletFailed,
    errorClass: 'permanent',
    message: text || `The cmdlet failed with HTTP ${httpStatus}.`,
    httpStatus,
  });
}

/** Classifies a non-2xx answer (and a refusal hidden in a 2xx text body) from InvokeCommand. */
export function classifyExchangeFailure(failure: ExchangeFailure, context: ExchangeCallContext): TenantError {
  const { status, headers, bodyText } = failure;
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), context.nowMs);
  if (isConcurrencyLimitText(bodyText)) {
    return buildTransientError(
      TENANT_ERROR_CODES.unavailable,
      `Exchange Online refused ${context.cmdlet}: too many concurrent requests for the tenant.`,
      status,
      retryAfterMs,
    );
  }
  if (status === 401) {
    return buildFatalError(
      TENANT_ERROR_CODES.unauthorized,
      `Exchange Online rejected the app's token for tenant ${context.tenantId} (HTTP 401): check that the app has ` +
        `admin consent for Exchange.ManageAsApp and that the token is for the Exchange resource${formatDiagnostics(headers)}.`,
      status,
    );
  }
  if (status === 403) {
    return buildFatalError(
      TENANT_ERROR_CODES.forbidden,
      `The app lacks Exchange.ManageAsApp or an Exchange role (Exchange Administrator, or a role group that allows ` +
        `${context.cmdlet}) in tenant ${context.tenantId}${formatDiagnostics(headers)}.`,
      status,
    );
  }
  // Retry classification, compared with GreyCorbel/ExoHelper (Commands/Public/Invoke-ExoCommand.ps1, whose
  // default RetryableStatusCodes are ServiceUnavailable, GatewayTimeout, RequestTimeout and TooManyRequests, plus
  // the "maximum number of concurrent requests" text): 408, 429, 503 and 504 and that text are transient here too.
  // Where we differ: every other 5xx is transient here as well (ExoHelper gives up on 500/502 at once; a gateway
  // error says nothing about the cmdlet, and writes are re-read before any retry, never resent blindly), and a 2xx
  // whose body is not JSON is transient (ExoHelper returns the text as the result; we cannot tell what happened).
  // A 4xx whose body is not JSON (a proxy's or the front end's 400/404 page) is permanent, as in ExoHelper:
  // sending the same request again gets the same answer.
  if (status === 408) {
    return buildTransientError(
      TENANT_ERROR_CODES.unavailable,
      `Exchange Online timed out waiting for ${context.cmdlet} (HTTP 408).`,
      status,
      retryAfterMs,
    );
  }
  if (status === 429) {
    return buildTransientError(
      TENANT_ERROR_CODES.throttled,
      `Exchange Online throttled ${context.cmdlet}.`,
      status,
      retryAfterMs,
    );
  }
  if (status >= 500) {
    return buildTransientError(
      TENANT_ERROR_CODES.unavailable,
      `Exchange Online failed to run ${context.cmdlet} (HTTP ${status}).`,
      status,
      retryAfterMs,
    );
  }
  const body = parseJson(bodyText);
  if (body === undefined && status >= 400) {
    return new TenantError({
      code: TENANT_ERROR_CODES.cmdletFailed,
      errorClass: 'permanent',
      message: `Exchange Online refused ${context.cmdlet} with HTTP ${status} and a body that is not JSON${describeText(bodyText)}.`,
      httpStatus: status,
    });
  }
  if (body === undefined) {
    return buildTransientError(
      TENANT_ERROR_CODES.unavailable,
      `Exchange Online answered ${context.cmdlet} with HTTP ${status} and a body that is not JSON.`,
      status,
      retryAfterMs,
    );
  }
  const envelopeMessage = readObject(readObject(body)?.['error'])?.['message'];
  return mapCmdletError(
    parseCmdletErrorDetails(body),
    typeof envelopeMessage === 'string' ? envelopeMessage.trim() : '',
    status,
  );
}

/** A request that never got an answer (connection refused, reset, timed out) may be retried. */
export function describeNetworkFailure(error: unknown, cmdlet: string, timedOut: boolean): TenantError {
  const message = timedOut
    ? `Exchange Online did not answer ${cmdlet} in time.`
    : `Could not reach Exchange Online for ${cmdlet}.`;
  return new TenantError({ code: TENANT_ERROR_CODES.unavailable, errorClass: 'transient', message }, { cause: error });
}

/** JSON.parse that answers `undefined` instead of throwing: a non-JSON body is an expected outcome here. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // a non-JSON body is classified by its status (classifyExchangeFailure)
  }
}

function splitDetailMessage(message: string): CmdletErrorDetail {
  const parts = message.split('|');
  if (parts.length < 3) return { id: '', exceptionType: '', text: cleanText(message) };
  const [id = '', exceptionType = '', ...rest] = parts;
  return { id: id.trim(), exceptionType: exceptionType.trim(), text: cleanText(rest.join('|')) };
}

// Some cmdlet texts carry a .NET stack after the sentence: users need the sentence only.
function cleanText(text: string): string {
  return (text.split(/\r?\n\s+at\s/)[0] ?? '').trim();
}

function matchesRule(rule: CmdletErrorRule, detail: CmdletErrorDetail): boolean {
  const typeName = detail.exceptionType.split('.').pop() ?? '';
  return (rule.exceptionTypes?.includes(typeName) ?? false) || (rule.text?.test(detail.text) ?? false);
}

// The start of a plain-text answer helps whoever reads the failure; an HTML page's markup does not.
function describeText(bodyText: string): string {
  const text = bodyText
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? '' : `: "${text.slice(0, DIAGNOSTICS_MAX_CHARS)}"`;
}

function formatDiagnostics(headers: Headers): string {
  const value = headers.get('x-ms-diagnostics')?.trim();
  return value ? ` (x-ms-diagnostics: ${value.slice(0, DIAGNOSTICS_MAX_CHARS)})` : '';
}

function buildTransientError(
  code: string,
  message: string,
  httpStatus: number,
  retryAfterMs: number | undefined,
): TenantError {
  return new TenantError({
    code,
    errorClass: 'transient',
    message,
    httpStatus,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function buildFatalError(code: string, message: string, httpStatus: number): TenantError {
  return new TenantError({ code, errorClass: 'fatal', message, httpStatus });
}

function readObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
