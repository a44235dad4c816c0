import { Client, ResponseType, RetryHandler, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import type { Context, FetchOptions, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';
import { parseRetryAfter } from '../retry-after.ts';
import type { TokenProvider } from '../token-provider.ts';
import { classifyGraphFailure } from './graph-errors.ts';
import type { GraphCallContext } from './graph-errors.ts';

type GraphRequestInfo = Context['request'];

/** Seconds the RetryHandler waits when a retryable answer carries no Retry-After (graph-client's default). */
const DEFAULT_RETRY_DELAY_SECONDS = 3;

export interface GraphHttpOptions {
  /** e.g. `https://graph.microsoft.com/v1.0` (national clouds use other hosts). */
  baseUrl: string;
  tokens: TokenProvider;
  fetch?: typeof fetch;
  onCall?: () => void;
  /** Retries of a throttled or unavailable request by the Graph client's RetryHandler. @default 3 */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for here: the caller decides. @default 30_000 */
  maxRetryDelayMs?: number;
  /** @default 60_000 */
  timeoutMs?: number;
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphHttp {
  /** Sends one request; a non-2xx answer becomes a TenantError classified for `context`. */
  call(
    method: GraphMethod,
    path: string,
    body: unknown,
    context: Omit<GraphCallContext, 'nowMs'>,
  ): Promise<GraphResponse>;
  /** Sends one request and returns the answer whatever its status (transport failures still throw). */
  send(method: GraphMethod, path: string, body?: unknown): Promise<GraphResponse>;
  /** The path of an `@odata.nextLink` under our base URL, or `undefined` for a link elsewhere. */
  pathOf(link: string): string | undefined;
}

/** Where a middleware leaves the real reason a request failed: graph-client rewraps thrown errors. */
class FailureSlot implements MiddlewareOptions {
  failure: unknown;
  timedOut = false;
}

/**
 * Microsoft Graph through graph-client with our own chain: token → RetryHandler (honours Retry-After) →
 * a fetch-based final handler. Writes other than `$batch` are retried only on 429: a 5xx may hide a write
 * that happened (a second Temporary Access Pass, say).
 */
export function createGraphHttp(options: GraphHttpOptions): GraphHttp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const base = new URL(baseUrl);
  const segments = base.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? '';
  const host = `${base.origin}${segments.length ? `/${segments.join('/')}` : ''}`;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;

  const shouldRetry = (
    _delay: number,
    _attempt: number,
    request: GraphRequestInfo,
    fetchOptions: FetchOptions | undefined,
    response: Response,
  ) => {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (retryAfterMs !== undefined && retryAfterMs > maxRetryDelayMs) return false;
    return isRetryableRead(request, fetchOptions) || response.status === 429;
  };
  const client = Client.initWithMiddleware({
    baseUrl: host,
    defaultVersion: version,
    middleware: [
      createTokenMiddleware(options.tokens, base.origin),
      new RetryHandler(new RetryHandlerOptions(DEFAULT_RETRY_DELAY_SECONDS, options.maxRetries ?? 3, shouldRetry)),
      createFetchMiddleware(options),
    ],
  });

  async function send(method: GraphMethod, path: string, body?: unknown): Promise<GraphResponse> {
    const slot = new FailureSlot();
    const request = client.api(path).responseType(ResponseType.RAW).middlewareOptions([slot]);
    let response: Response;
    try {
      response = (await (method === 'GET'
        ? request.get()
        : method === 'PATCH'
          ? request.patch(body)
          : method === 'DELETE'
            ? request.delete()
            : request.post(body))) as Response;
    } catch (error) {
      if (slot.failure instanceof TenantError) throw slot.failure;
      const message = slot.timedOut ? 'Microsoft Graph did not answer in time.' : 'Could not reach Microsoft Graph.';
      throw new TenantError(
        { code: TENANT_ERROR_CODES.unavailable, errorClass: 'transient', message },
        { cause: slot.failure ?? error },
      );
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseBody(text) };
  }

  return {
    send,
    async call(method, path, body, context) {
      const response = await send(method, path, body);
      if (response.status >= 200 && response.status < 300) {
        if (typeof response.body !== 'string') return response;
        throw new TenantError({
          code: TENANT_ERROR_CODES.unavailable,
          errorClass: 'transient',
          message: `Microsoft Graph answered ${context.what} with a body that is not JSON.`,
          httpStatus: response.status,
        });
      }
      throw classifyGraphFailure(response, { ...context, nowMs: Date.now() });
    },
    pathOf(link) {
      return link.startsWith(`${baseUrl}/`) ? link.slice(baseUrl.length) : undefined;
    },
  };
}

function createTokenMiddleware(tokens: TokenProvider, origin: string): Middleware {
  let next: Middleware | undefined;
  return {
    async execute(context: Context) {
      const slot = readSlot(context);
      try {
        // The token goes to the Graph host we were configured with, never to a host a response named.
        if (new URL(requestUrl(context.request)).origin !== origin) {
          throw new TenantError({
            code: TENANT_ERROR_CODES.badResponse,
            errorClass: 'permanent',
            message: `Refused to send a Graph request outside ${origin}.`,
          });
        }
        const token = await tokens.getToken('graph');
        context.options = {
          ...context.options,
          headers: withHeader(context.options?.headers, 'Authorization', `Bearer ${token}`),
        };
      } catch (error) {
        if (slot) slot.failure = error;
        throw error;
      }
      await next?.execute(context);
    },
    setNext(middleware: Middleware) {
      next = middleware;
    },
  };
}

function createFetchMiddleware(options: GraphHttpOptions): Middleware {
  const fetchImpl = options.fetch ?? fetch;
  return {
    async execute(context: Context) {
      const slot = readSlot(context);
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
      options.onCall?.();
      try {
        context.response = await fetchImpl(context.request, { ...(context.options as RequestInit), signal: timeout });
      } catch (error) {
        if (slot) {
          slot.failure = error;
          slot.timedOut = timeout.aborted;
        }
        throw error;
      }
    },
  };
}

function readSlot(context: Context): FailureSlot | undefined {
  const option = context.middlewareControl?.getMiddlewareOptions(FailureSlot);
  return option instanceof FailureSlot ? option : undefined;
}

// A GET, or a `$batch` of GETs, can be sent again without changing anything.
function isRetryableRead(request: GraphRequestInfo, options: FetchOptions | undefined): boolean {
  const method = (options?.method ?? (typeof request === 'string' ? 'GET' : request.method)).toUpperCase();
  return method === 'GET' || new URL(requestUrl(request)).pathname.endsWith('/$batch');
}

function requestUrl(request: GraphRequestInfo): string {
  return typeof request === 'string' ? request : request.url;
}

function withHeader(headers: FetchOptions['headers'], name: string, value: string): Record<string, string> {
  const copy: Record<string, string> = {};
  new Headers(headers).forEach((headerValue, headerName) => {
    copy[headerName] = headerValue;
  });
  copy[name] = value;
  return copy;
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // callers see a string where they expect an object and treat it as a bad response
  }
}
