import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';
import { parseRetryAfter } from '../retry-after.ts';

export interface GraphFailure {
  status: number;
  headers: Headers;
  body: unknown;
}

/** What the call was for, in words, and the least application permission it needs. */
export interface GraphCallContext {
  what: string;
  permission: string;
  nowMs: number;
}

/** Classifies a non-2xx Graph answer (a whole response or one inner `$batch` response). */
export function classifyGraphFailure(failure: GraphFailure, context: GraphCallContext): TenantError {
  const { status, headers } = failure;
  const graphMessage = readGraphErrorMessage(failure.body);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), context.nowMs);
  const build = (code: string, errorClass: TenantError['errorClass'], message: string) =>
    new TenantError({
      code,
      errorClass,
      message,
      httpStatus: status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });

  if (status === 401) {
    return build(
      TENANT_ERROR_CODES.unauthorized,
      'fatal',
      `Microsoft Graph rejected the app's token while ${context.what} (HTTP 401): check the app registration and admin consent.`,
    );
  }
  if (status === 403) {
    return build(
      TENANT_ERROR_CODES.forbidden,
      'fatal',
      `The app lacks the Microsoft Graph application permission ${context.permission} (needed for ${context.what}); ` +
        'grant it with admin consent.',
    );
  }
  if (status === 429)
    return build(TENANT_ERROR_CODES.throttled, 'transient', `Microsoft Graph throttled ${context.what}.`);
  // A request timeout says nothing about the request itself: transient, as Exchange's (exchange-errors.ts).
  if (status === 408) {
    return build(
      TENANT_ERROR_CODES.unavailable,
      'transient',
      `Microsoft Graph timed out while ${context.what} (HTTP 408).`,
    );
  }
  if (status >= 500) {
    return build(
      TENANT_ERROR_CODES.unavailable,
      'transient',
      `Microsoft Graph failed while ${context.what} (HTTP ${status}).`,
    );
  }
  const detail = graphMessage ? `: ${graphMessage}` : '';
  if (status === 404) {
    return build(
      TENANT_ERROR_CODES.objectNotFound,
      'permanent',
      `Microsoft Graph found nothing while ${context.what}${detail}`,
    );
  }
  return build(
    TENANT_ERROR_CODES.graphFailed,
    'permanent',
    `Microsoft Graph refused ${context.what} (HTTP ${status})${detail}`,
  );
}

function readGraphErrorMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const error = (body as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message.trim() : '';
}
