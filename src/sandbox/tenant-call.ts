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
import {
  replyGraphError,
  replyGraphForbidden,
  replyGraphThrottled,
  replyGraphUnauthorized,
  replyGraphUnavailable,
  type GraphReply,
  type GraphRequest,
} from './graph-replies.ts';
import { checkBearerToken, parseJsonBody, sendReply, type HttpReply } from './http-io.ts';
import type { SandboxContext } from './sandbox-context.ts';
import type { FaultKind } from './transient-knobs.ts';

export interface TenantCall {
  api: 'exchange' | 'graph';
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  bodyText: string;
  /** For Exchange: the `{tenantId}` path segment. */
  tenantSegment?: string;
}

/** The replies that differ between the two APIs before their endpoints run. */
interface ApiReplies {
  unauthorized(): HttpReply;
  forbidden(): HttpReply;
  throttled(): HttpReply;
  fault(kind: '5xx' | 'non-json'): HttpReply;
  run(): { reply: HttpReply; label: string };
}

function fromGraphReply(reply: GraphReply): HttpReply {
  return { status: reply.status, headers: reply.headers, json: reply.body };
}

function toGraphRequest(call: TenantCall): GraphRequest {
  const headers = Object.fromEntries(
    Object.entries(call.request.headers).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  const parsed = parseJsonBody(call.bodyText);
  return {
    method: (call.request.method ?? 'GET').toUpperCase(),
    path: call.url.pathname.replace(/^\/v1\.0/i, '') || '/',
    query: call.url.searchParams,
    headers,
    body: parsed.ok ? parsed.value : undefined,
    origin: call.url.origin,
  };
}

function createGraphReplies(ctx: SandboxContext, call: TenantCall): ApiReplies {
  const request = toGraphRequest(call);
  return {
    unauthorized: () => fromGraphReply(replyGraphUnauthorized(request, ctx.now())),
    forbidden: () => fromGraphReply(replyGraphForbidden(request, ctx.now())),
    throttled: () => fromGraphReply(replyGraphThrottled(request, ctx.now(), ctx.graphRetryAfterSeconds)),
    fault: (kind) =>
      kind === 'non-json'
        ? replyWithHtml()
        : fromGraphReply(replyGraphUnavailable(request, ctx.now(), ctx.graphRetryAfterSeconds)),
    run: () => {
      if (!parseJsonBody(call.bodyText).ok) {
        const reply = replyGraphError(request, ctx.now(), 400, 'BadRequest', 'Unable to read JSON request payload.');
        return { reply: fromGraphReply(reply), label: '' };
      }
      if (request.method === 'POST' && /^\/\$batch$/i.test(request.path)) {
        return { reply: fromGraphReply(handleGraphBatch(ctx, request)), label: '$batch' };
      }
      return { reply: fromGraphReply(handleGraphOperation(ctx, request).reply), label: '' };
    },
  };
}

function createExchangeReplies(ctx: SandboxContext, call: TenantCall): ApiReplies {
  const input = readCmdletInput(call.bodyText);
  const limit = ctx.exchangeConcurrency;
  return {
    unauthorized: replyUnauthorized,
    forbidden: () => replyForbidden(typeof input === 'string' ? undefined : input.name),
    throttled: () => replyThrottled(limit?.mode ?? '429', limit?.retryAfterSeconds ?? 1),
    fault: (kind) => (kind === 'non-json' ? replyWithHtml() : replyServiceUnavailable()),
    run: () => {
      if (call.request.method !== 'POST') {
        return { reply: replyWithBadRequest('InvokeCommand accepts POST only.', 405), label: '' };
      }
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
    },
  };
}

function countThrottle(ctx: SandboxContext, api: 'exchange' | 'graph'): void {
  const textMode = api === 'exchange' && ctx.exchangeConcurrency?.mode === 'text';
  ctx.recorder.update((stats) => {
    if (textMode) {
      stats.exchange.throttledText += 1;
      return;
    }
    stats[api].throttled429 += 1;
    stats.responses429 += 1;
  });
}

export async function handleTenantCall(ctx: SandboxContext, call: TenantCall): Promise<void> {
  const started = Date.now();
  const finish = (reply: HttpReply, label: string) => {
    sendReply(call.response, reply);
    log(reply.status, label);
  };
  const log = (status: number | string, label: string) =>
    ctx.log(
      `${call.request.method} ${call.url.pathname} ${label ? `${label} ` : ''}→ ${status} (${Date.now() - started} ms)`,
    );
  const replies = call.api === 'exchange' ? createExchangeReplies(ctx, call) : createGraphReplies(ctx, call);

  const access = checkBearerToken(call.request.headers);
  if (access !== 'ok') {
    ctx.recorder.update((stats) => void (access === 'missing' ? (stats.unauthorized += 1) : (stats.forbidden += 1)));
    return finish(access === 'missing' ? replies.unauthorized() : replies.forbidden(), '');
  }
  ctx.recorder.update((stats) => void (stats[call.api].requests += 1));
  const gate = call.api === 'exchange' ? ctx.exchangeGate : ctx.graphGate;
  if (!gate.tryEnter()) {
    countThrottle(ctx, call.api);
    return finish(replies.throttled(), 'throttled');
  }
  if (call.api === 'exchange') {
    const inFlight = gate.inFlight;
    ctx.recorder.update(
      (stats) => void (stats.exchange.maxConcurrent = Math.max(stats.exchange.maxConcurrent, inFlight)),
    );
  }
  try {
    await ctx.waitLatency();
    const fault: FaultKind | undefined = ctx.rollFault();
    if (fault) ctx.recorder.update((stats) => void (stats.faults[fault] += 1));
    if (fault === '5xx' || fault === 'non-json') return finish(replies.fault(fault), `fault:${fault}`);
    const mark = ctx.recorder.ledgerLength;
    const { reply, label } = replies.run();
    if (fault === 'drop') {
      ctx.recorder.markDroppedSince(mark);
      call.request.socket.destroy();
      log('dropped', label);
      return;
    }
    finish(reply, label);
  } finally {
    gate.leave();
  }
}
