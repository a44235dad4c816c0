/**
 * The path every Exchange and Graph call takes: bearer check, concurrency limit, latency, fault
 * injection, then the endpoint itself. A `drop` fault runs the call first and then cuts the connection,
 * so a write may have happened although the caller never hears back (as after a real timeout).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleInvokeCommand, isKnownTenant, readCmdletInput } from './exchange-endpoint.ts';
import {
  replyForbidden,
  replyServiceUnavailable,
  replyThrottled,
  replyUnauthorized,
  replyWithBadRequest,
  replyWithHtml,
} from './exchange-replies.ts';
import { handleGraphBatch } from './graph-batch.ts';
import { handleGraphOperation } from './graph-endpoint.ts';
import { replyGraphError, replyGraphThrottled, type GraphRequest } from './graph-replies.ts';
import { checkBearerToken, parseJsonBody, sendReply, type HttpReply } from './http-io.ts';
import type { SandboxContext } from './sandbox-context.ts';

export interface TenantCall {
  api: 'exchange' | 'graph';
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  bodyText: string;
  /** For Exchange: the `{tenantId}` path segment. */
  tenantSegment?: string;
}

function toGraphRequest(call: TenantCall, body: unknown): GraphRequest {
  const headers = Object.fromEntries(
    Object.entries(call.request.headers).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  return {
    method: call.request.method ?? 'GET',
    path: call.url.pathname.replace(/^\/v1\.0/i, '') || '/',
    query: call.url.searchParams,
    headers,
    body,
    origin: call.url.origin,
  };
}

function checkAccess(ctx: SandboxContext, call: TenantCall): HttpReply | undefined {
  const verdict = checkBearerToken(call.request.headers);
  if (verdict === 'ok') return undefined;
  const graphHeaders = { headers: { 'client-request-id': undefined } };
  if (verdict === 'missing') {
    ctx.recorder.update((stats) => void (stats.unauthorized += 1));
    if (call.api === 'exchange') return replyUnauthorized();
    const reply = replyGraphError(
      graphHeaders,
      ctx.now(),
      401,
      'InvalidAuthenticationToken',
      'Access token is empty.',
      {
        'WWW-Authenticate':
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
          'client_id="00000003-0000-0000-c000-000000000000"',
      },
    );
    return { status: reply.status, headers: reply.headers, json: reply.body };
  }
  ctx.recorder.update((stats) => void (stats.forbidden += 1));
  if (call.api === 'exchange') {
    const input = readCmdletInput(call.bodyText);
    return replyForbidden(typeof input === 'string' ? undefined : input.name);
  }
  const reply = replyGraphError(
    graphHeaders,
    ctx.now(),
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
  return { status: reply.status, headers: reply.headers, json: reply.body };
}

function replyToThrottle(ctx: SandboxContext, api: 'exchange' | 'graph'): HttpReply {
  const limit = ctx.exchangeConcurrency;
  const mode = api === 'exchange' ? (limit?.mode ?? '429') : '429';
  ctx.recorder.update((stats) => {
    if (api === 'exchange' && mode === 'text') stats.exchange.throttledText += 1;
    else stats[api].throttled429 += 1;
    if (mode === '429') stats.responses429 += 1;
  });
  if (api === 'exchange') return replyThrottled(mode, limit?.retryAfterSeconds ?? 1);
  const reply = replyGraphThrottled({ headers: {} }, ctx.now(), ctx.graphRetryAfterSeconds);
  return { status: reply.status, headers: reply.headers, json: reply.body };
}

function runEndpoint(ctx: SandboxContext, call: TenantCall): { reply: HttpReply; label: string } {
  if (call.api === 'exchange') {
    if (call.request.method !== 'POST')
      return { reply: replyWithBadRequest('InvokeCommand accepts POST only.', 405), label: '' };
    const tenantSegment = call.tenantSegment ?? '';
    if (!isKnownTenant(ctx, tenantSegment)) {
      return { reply: replyWithBadRequest(`The tenant '${tenantSegment}' could not be found.`, 404), label: '' };
    }
    const { reply, cmdletName } = handleInvokeCommand(ctx, {
      tenantSegment,
      query: call.url.searchParams,
      headers: call.request.headers,
      bodyText: call.bodyText,
      origin: call.url.origin,
    });
    return { reply, label: cmdletName ?? '' };
  }
  const parsed = parseJsonBody(call.bodyText);
  const graphRequest = toGraphRequest(call, parsed.ok ? parsed.value : undefined);
  if (!parsed.ok) {
    const reply = replyGraphError(graphRequest, ctx.now(), 400, 'BadRequest', 'Unable to read JSON request payload.');
    return { reply: { status: reply.status, headers: reply.headers, json: reply.body }, label: '' };
  }
  const isBatch = /^\/\$batch$/i.test(graphRequest.path) && graphRequest.method.toUpperCase() === 'POST';
  const reply = isBatch ? handleGraphBatch(ctx, graphRequest) : handleGraphOperation(ctx, graphRequest).reply;
  return { reply: { status: reply.status, headers: reply.headers, json: reply.body }, label: isBatch ? '$batch' : '' };
}

function replyToFault(ctx: SandboxContext, api: 'exchange' | 'graph', kind: '5xx' | 'non-json'): HttpReply {
  if (kind === 'non-json') return replyWithHtml();
  if (api === 'exchange') return replyServiceUnavailable();
  const reply = replyGraphError(
    { headers: {} },
    ctx.now(),
    503,
    'serviceNotAvailable',
    'Service unavailable. Try again later.',
    {
      'Retry-After': String(ctx.graphRetryAfterSeconds),
    },
  );
  return { status: reply.status, headers: reply.headers, json: reply.body };
}

export async function handleTenantCall(ctx: SandboxContext, call: TenantCall): Promise<void> {
  const started = Date.now();
  const log = (status: number | string, label: string) =>
    ctx.log(
      `${call.request.method} ${call.url.pathname} ${label ? `${label} ` : ''}→ ${status} (${Date.now() - started} ms)`,
    );
  const denied = checkAccess(ctx, call);
  if (denied) {
    sendReply(call.response, denied);
    log(denied.status, '');
    return;
  }
  ctx.recorder.update((stats) => void (stats[call.api].requests += 1));
  const gate = call.api === 'exchange' ? ctx.exchangeGate : ctx.graphGate;
  if (!gate.tryEnter()) {
    const reply = replyToThrottle(ctx, call.api);
    sendReply(call.response, reply);
    log(reply.status, 'throttled');
    return;
  }
  if (call.api === 'exchange') {
    ctx.recorder.update(
      (stats) => void (stats.exchange.maxConcurrent = Math.max(stats.exchange.maxConcurrent, gate.inFlight)),
    );
  }
  try {
    await ctx.waitLatency();
    const fault = ctx.rollFault();
    if (fault) ctx.recorder.update((stats) => void (stats.faults[fault] += 1));
    if (fault === '5xx' || fault === 'non-json') {
      const reply = replyToFault(ctx, call.api, fault);
      sendReply(call.response, reply);
      log(reply.status, `fault:${fault}`);
      return;
    }
    const mark = ctx.recorder.ledgerLength;
    const { reply, label } = runEndpoint(ctx, call);
    if (fault === 'drop') {
      ctx.recorder.markDroppedSince(mark);
      call.request.socket.destroy();
      log('dropped', label);
      return;
    }
    sendReply(call.response, reply);
    log(reply.status, label);
  } finally {
    gate.leave();
  }
}
