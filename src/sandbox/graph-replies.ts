/** Microsoft Graph's reply and error shapes. */
import { randomUUID } from 'node:crypto';

export interface GraphRequest {
  method: string;
  /** After `/v1.0`, e.g. `/users/jane@contoso.com`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  origin: string;
}

export interface GraphReply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function replyGraphJson(status: number, body: unknown, headers: Record<string, string> = {}): GraphReply {
  return { status, headers: { 'Content-Type': GRAPH_JSON, ...headers }, body };
}

export function replyGraphError(
  request: Pick<GraphRequest, 'headers'>,
  nowMs: number,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphReply {
  return replyGraphJson(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': randomUUID(),
          'client-request-id': request.headers['client-request-id'] ?? randomUUID(),
        },
      },
    },
    headers,
  );
}

export function replyResourceNotFound(request: Pick<GraphRequest, 'headers'>, nowMs: number, key: string): GraphReply {
  return replyGraphError(
    request,
    nowMs,
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function replyBadRequest(request: Pick<GraphRequest, 'headers'>, nowMs: number, message: string): GraphReply {
  return replyGraphError(request, nowMs, 400, 'Request_BadRequest', message);
}

export function replyGraphThrottled(
  request: Pick<GraphRequest, 'headers'>,
  nowMs: number,
  retryAfterSeconds: number,
): GraphReply {
  return replyGraphError(
    request,
    nowMs,
    429,
    'TooManyRequests',
    'Too many requests are being made against this resource. Retry after the time in the Retry-After header.',
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

type RequestHeaders = Pick<GraphRequest, 'headers'>;

export function replyGraphUnauthorized(request: RequestHeaders, nowMs: number): GraphReply {
  return replyGraphError(request, nowMs, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
      'client_id="00000003-0000-0000-c000-000000000000"',
  });
}

export function replyGraphForbidden(request: RequestHeaders, nowMs: number): GraphReply {
  return replyGraphError(
    request,
    nowMs,
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}

export function replyGraphUnavailable(request: RequestHeaders, nowMs: number, retryAfterSeconds: number): GraphReply {
  return replyGraphError(request, nowMs, 503, 'serviceNotAvailable', 'Service unavailable. Try again later.', {
    'Retry-After': String(retryAfterSeconds),
  });
}

const ERROR_CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Request_BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Authorization_RequestDenied',
  404: 'Request_ResourceNotFound',
  409: 'Request_MultipleObjectsWithSameKeyPropertyValue',
  429: 'TooManyRequests',
  503: 'serviceNotAvailable',
};

/** A scripted failure's answer: Graph's error envelope with the code Graph uses for that status. */
export function replyGraphScripted(
  request: RequestHeaders,
  nowMs: number,
  failure: { status?: number; message?: string },
  defaultMessage: string,
  retryAfterSeconds: number,
): GraphReply {
  const status = failure.status ?? 400;
  const code = ERROR_CODE_BY_STATUS[status] ?? (status >= 500 ? 'generalException' : 'Request_BadRequest');
  // Graph sends Retry-After with its busy answers; gateways read it to pace their retries.
  const headers: Record<string, string> =
    status === 429 || status === 503 ? { 'Retry-After': String(retryAfterSeconds) } : {};
  return replyGraphError(request, nowMs, status, code, failure.message ?? defaultMessage, headers);
}
