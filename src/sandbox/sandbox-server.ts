/**
 * A simulated Exchange Online + Microsoft Graph tenant over real HTTP, for local runs, demos and tests.
 * It speaks the documented wire shapes (docs/sandbox-fixture.md), so the real gateways run against it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, parseJsonBody, readRequestBody, sendReply, type HttpReply } from './http-io.ts';
import type { LedgerEntry, SandboxStats } from './ledger.ts';
import { createPasswordKeyEndpoint, PASSWORD_KEY_PATH, type PasswordKeyEndpoint } from './password-key-endpoint.ts';
import { createSandboxContext, type SandboxContext } from './sandbox-context.ts';
import type { SandboxOptions } from './sandbox-options.ts';
import { parseScriptedFailure, type ScriptedFailure } from './scripted-failures.ts';
import { handleTenantCall } from './tenant-call.ts';

export type { SandboxOptions } from './sandbox-options.ts';
export type { LedgerEntry, SandboxStats } from './ledger.ts';
export type { ExchangeScriptedFailure, GraphScriptedFailure, ScriptedFailure } from './scripted-failures.ts';
export { ScriptedFailureError } from './scripted-failures.ts';

export interface SandboxTenant {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The client builds `${exchangeBaseUrl}/adminapi/beta/${tenantId}/InvokeCommand`. */
  exchangeBaseUrl: string;
  /** `${url}/v1.0` */
  graphBaseUrl: string;
  tenantId: string;
  /** Where the key for SecureString passwords is served, as GreyCorbel/ExoHelper downloads it. */
  passwordKeyUrl: string;
  ledger(): LedgerEntry[];
  stats(): SandboxStats;
  resetStats(): void;
  /** Arms one more failure; throws a ScriptedFailureError (`SANDBOX_SCRIPTED_FAILURE_INVALID`) when malformed. */
  addScriptedFailure(failure: ScriptedFailure): void;
  /** The failures still armed, with the `times` each has left. */
  scriptedFailures(): ScriptedFailure[];
  close(): Promise<void>;
}

const INVOKE_COMMAND_PATH = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand\/?$/i;

function armScriptedFailure(ctx: SandboxContext, bodyText: string): HttpReply {
  const parsed = parseJsonBody(bodyText);
  const failure = parsed.ok ? parseScriptedFailure(parsed.value) : 'The body is not JSON.';
  if (typeof failure === 'string') return { status: 400, json: { error: { code: 'BadRequest', message: failure } } };
  ctx.scriptedFailures.add(failure);
  return { status: 204 };
}

function handleSandboxAdmin(
  ctx: SandboxContext,
  method: string,
  path: string,
  bodyText: string,
  response: ServerResponse,
): void {
  if (path === '/_sandbox/scripted-failures' && method === 'POST') {
    return sendReply(response, armScriptedFailure(ctx, bodyText));
  }
  if (path === '/_sandbox/scripted-failures' && method === 'GET') {
    return sendReply(response, { status: 200, json: ctx.scriptedFailures.armed() });
  }
  // What a process pointed at this sandbox (`--tenant-url`) needs to address it: the tenant id in the paths.
  if (method === 'GET' && path === '/_sandbox/tenant')
    return sendReply(response, { status: 200, json: { tenantId: ctx.state.tenantId } });
  if (method === 'GET' && path === '/_sandbox/ledger')
    return sendReply(response, { status: 200, json: ctx.recorder.ledger() });
  if (method === 'GET' && path === '/_sandbox/stats')
    return sendReply(response, { status: 200, json: ctx.recorder.stats() });
  if (method === 'POST' && path === '/_sandbox/reset-stats') {
    ctx.recorder.resetStats();
    return sendReply(response, { status: 204 });
  }
  sendReply(response, {
    status: 404,
    json: { error: { code: 'NotFound', message: `No sandbox endpoint ${method} ${path}.` } },
  });
}

async function routeRequest(
  ctx: SandboxContext,
  passwordKey: PasswordKeyEndpoint,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
  const method = request.method ?? 'GET';
  const bodyText = await readRequestBody(request);
  if (method === 'GET' && url.pathname === PASSWORD_KEY_PATH) return sendReply(response, await passwordKey.reply());
  if (url.pathname.startsWith('/_sandbox/')) return handleSandboxAdmin(ctx, method, url.pathname, bodyText, response);
  const exchange = INVOKE_COMMAND_PATH.exec(url.pathname);
  if (exchange) {
    return handleTenantCall(ctx, { api: 'exchange', request, response, url, bodyText, tenantSegment: exchange[1] });
  }
  if (/^\/v1\.0(\/|$)/i.test(url.pathname))
    return handleTenantCall(ctx, { api: 'graph', request, response, url, bodyText });
  sendReply(response, {
    status: 404,
    json: { error: { code: 'NotFound', message: `Nothing is served at ${url.pathname}.` } },
  });
}

/** Stops accepting connections and cuts the idle keep-alive ones, so close() does not wait for clients. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

export async function startSandboxTenant(options: SandboxOptions): Promise<SandboxTenant> {
  const ctx = createSandboxContext(options);
  const passwordKey = createPasswordKeyEndpoint();
  const server = createServer((request, response) => {
    routeRequest(ctx, passwordKey, request, response).catch((error: unknown) => {
      const tooLarge = error instanceof BodyTooLargeError;
      ctx.log(`${request.method} ${request.url} → ${tooLarge ? 413 : 500}: ${(error as Error).message}`);
      if (response.headersSent || response.destroyed) return;
      sendReply(response, {
        status: tooLarge ? 413 : 500,
        json: { error: { code: 'SandboxError', message: 'The sandbox failed.' } },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    exchangeBaseUrl: url,
    graphBaseUrl: `${url}/v1.0`,
    tenantId: ctx.state.tenantId,
    passwordKeyUrl: `${url}${PASSWORD_KEY_PATH}`,
    ledger: () => ctx.recorder.ledger(),
    stats: () => ctx.recorder.stats(),
    resetStats: () => ctx.recorder.resetStats(),
    addScriptedFailure: (failure) => ctx.scriptedFailures.add(failure),
    scriptedFailures: () => ctx.scriptedFailures.armed(),
    close: () => (closing ??= closeServer(server)),
  };
}
