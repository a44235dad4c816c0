import { randomUUID } from 'node:crypto';
import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';
import { createConcurrencyLimit } from '../concurrency-limit.ts';
import type { ConcurrencyLimit } from '../concurrency-limit.ts';
import { sleep as sleepFor } from '../retry-after.ts';
import type { TokenProvider } from '../token-provider.ts';
import { classifyExchangeFailure, describeNetworkFailure, parseJson } from './exchange-errors.ts';
import { isExchangeOnlineLink } from './exchange-hosts.ts';

/** The system mailbox the ExchangeOnlineManagement module anchors app-only calls on. */
const ANCHOR_MAILBOX = 'APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

export interface InvokeCommandClientOptions {
  /** e.g. `https://outlook.office365.com`; sovereign clouds use other hosts. */
  baseUrl: string;
  tenantId: string;
  tokens: TokenProvider;
  /** Exchange calls in flight for the tenant, paging included (PowerShell allowed 3 sessions). @default 3 */
  maxConcurrentCalls?: number;
  /** Sent as `Prefer: odata.maxpagesize=N`. @default 1000 */
  maxPageSize?: number;
  /** Per HTTP request. @default 60_000 */
  timeoutMs?: number;
  /** Extra attempts for a `Get-*` cmdlet after a transient failure. @default 2 */
  readRetries?: number;
  /** A read is not retried here when Exchange asks to wait longer than this; the caller decides. @default 30_000 */
  maxReadRetryDelayMs?: number;
  fetch?: typeof fetch;
  /** Injected by tests to observe waits without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** One event per HTTP request; never tokens nor parameters. `status` is 0 when no answer came. */
  log?: (event: { cmdlet: string; status: number; requestId: string; ms: number }) => void;
  /** Counts remote calls (tests, benchmarks). */
  onCall?: () => void;
}

export interface CmdletResult {
  value: Record<string, unknown>[];
  warnings: string[];
}

export interface InvokeOptions {
  /** Properties to return (`$select`). */
  select?: readonly string[];
  signal?: AbortSignal;
  /** Follow `@odata.nextLink` to the last page. @default true */
  allPages?: boolean;
}

interface Page extends CmdletResult {
  nextLink: string | undefined;
}

/** Wraps a hashtable parameter (`@{Add=…}`) the way InvokeCommand expects it. */
export function genericHashTable(entries: Record<string, unknown>): Record<string, unknown> {
  return { '@odata.type': '#Exchange.GenericHashTable', ...entries };
}

/**
 * Runs Exchange Online cmdlets through the admin API's InvokeCommand endpoint (the one the
 * ExchangeOnlineManagement v3 module uses), one instance per tenant so the concurrency limit is per tenant.
 *
 * Retry rule: only `Get-*` cmdlets are retried here, a bounded number of times on transient failures,
 * honouring Retry-After. Writes are never retried by this client: after a timeout the write may have
 * happened, so the engine and executors re-read the tenant before deciding to try again.
 */
export class InvokeCommandClient {
  readonly #options: InvokeCommandClientOptions;
  readonly #endpoint: URL;
  readonly #limit: ConcurrencyLimit;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: InvokeCommandClientOptions) {
    this.#options = options;
    const base = options.baseUrl.replace(/\/+$/, '');
    this.#endpoint = new URL(`${base}/adminapi/beta/${encodeURIComponent(options.tenantId)}/InvokeCommand`);
    this.#limit = createConcurrencyLimit(options.maxConcurrentCalls ?? 3);
    this.#fetch = options.fetch ?? fetch;
    this.#sleep = options.sleep ?? sleepFor;
  }

  /** Runs one cmdlet; switches are passed as `true`, hashtables through `genericHashTable`. */
  async invoke(
    cmdlet: string,
    parameters: Record<string, unknown>,
    options: InvokeOptions = {},
  ): Promise<CmdletResult> {
    const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } });
    const result: CmdletResult = { value: [], warnings: [] };
    let url = this.#buildUrl(options.select);
    for (;;) {
      const page = await this.#sendWithReadRetry(cmdlet, url, body, options.signal);
      result.value.push(...page.value);
      result.warnings.push(...page.warnings);
      if (page.nextLink === undefined || options.allPages === false) return result;
      // Links live only minutes: the next page is requested at once.
      url = this.#checkNextLink(page.nextLink, cmdlet);
    }
  }

  #buildUrl(select: readonly string[] | undefined): string {
    if (!select || select.length === 0) return this.#endpoint.href;
    return `${this.#endpoint.href}?$select=${select.map(encodeURIComponent).join(',')}`;
  }

  // The token goes with the next request: a link is followed only to an Exchange Online host (exchange-hosts.ts).
  #checkNextLink(nextLink: string, cmdlet: string): string {
    const next = URL.canParse(nextLink, this.#endpoint.href) ? new URL(nextLink, this.#endpoint) : undefined;
    if (next === undefined || !isExchangeOnlineLink(next, this.#endpoint.origin)) {
      const where = next === undefined ? 'that is not a URL' : `on ${next.host}, which is not an Exchange Online host`;
      throw new TenantError({
        code: TENANT_ERROR_CODES.badResponse,
        errorClass: 'permanent',
        message: `Exchange Online returned a next-page link for ${cmdlet} ${where}; it was not followed.`,
      });
    }
    return next.href;
  }

  async #sendWithReadRetry(cmdlet: string, url: string, body: string, signal?: AbortSignal): Promise<Page> {
    const retries = cmdlet.toLowerCase().startsWith('get-') ? (this.#options.readRetries ?? 2) : 0;
    const maxDelayMs = this.#options.maxReadRetryDelayMs ?? 30_000;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#limit.run(() => this.#send(cmdlet, url, body, signal), signal);
      } catch (error) {
        const delayMs = error instanceof TenantError ? (error.retryAfterMs ?? 1000 * 2 ** attempt) : Infinity;
        const retryable = error instanceof TenantError && error.errorClass === 'transient' && !signal?.aborted;
        if (!retryable || attempt >= retries || delayMs > maxDelayMs) throw error;
        await this.#sleep(delayMs, signal);
      }
    }
  }

  async #send(cmdlet: string, url: string, body: string, signal?: AbortSignal): Promise<Page> {
    const { tenantId, tokens, log, onCall } = this.#options;
    const token = await tokens.getToken('exchange');
    const requestId = randomUUID();
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 60_000);
    const started = performance.now();
    const report = (status: number) =>
      log?.({ cmdlet, status, requestId, ms: Math.round(performance.now() - started) });
    onCall?.();
    let status = 0;
    let headers: Headers;
    let bodyText: string;
    try {
      const response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'X-AnchorMailbox': `${ANCHOR_MAILBOX}@${tenantId}`,
          Prefer: `odata.maxpagesize=${this.#options.maxPageSize ?? 1000}`,
          'X-ResponseFormat': 'json',
          'X-CmdletName': cmdlet,
          'client-request-id': requestId,
        },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = response.status;
      headers = response.headers;
      bodyText = await response.text();
    } catch (error) {
      report(status);
      if (signal?.aborted) throw signal.reason;
      throw describeNetworkFailure(error, cmdlet, timeout.aborted);
    }
    report(status);
    const context = { cmdlet, tenantId, nowMs: Date.now() };
    if (status < 200 || status >= 300) throw classifyExchangeFailure({ status, headers, bodyText }, context);
    if (bodyText.trim() === '') return { value: [], warnings: [], nextLink: undefined };
    const parsed = parseJson(bodyText);
    if (parsed === undefined) throw classifyExchangeFailure({ status, headers, bodyText }, context);
    return readPage(parsed);
  }
}

function readPage(body: unknown): Page {
  if (Array.isArray(body)) return { value: body.filter(isRecord), warnings: [], nextLink: undefined };
  if (!isRecord(body)) return { value: [], warnings: [], nextLink: undefined };
  const value = readKey(body, 'value');
  const warnings = readKey(body, '@adminapi.warnings');
  const nextLink = readKey(body, '@odata.nextLink');
  return {
    value: Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [],
    warnings: Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [],
    nextLink: typeof nextLink === 'string' && nextLink !== '' ? nextLink : undefined,
  };
}

// Exchange answers `value` or `Value` depending on the cmdlet and the endpoint version.
function readKey(body: Record<string, unknown>, key: string): unknown {
  const wanted = key.toLowerCase();
  const found = Object.keys(body).find((candidate) => candidate.toLowerCase() === wanted);
  return found === undefined ? undefined : body[found];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
