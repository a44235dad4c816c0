/**
 * `POST /v1.0/$batch`: at most 20 requests, each `{id, method, url}` with a URL relative to the version.
 * Each inner request may be throttled on its own (429 + Retry-After), as Graph does.
 */
import { handleGraphOperation, takeScriptedGraphReply } from './graph-endpoint.ts';
import {
  replyGraphError,
  replyGraphJson,
  replyGraphThrottled,
  type GraphReply,
  type GraphRequest,
} from './graph-replies.ts';
import type { SandboxContext } from './sandbox-context.ts';

const MAX_BATCH_REQUESTS = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

function readBatchItems(body: unknown): BatchItem[] | string {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    return "The batch body must hold a non-empty 'requests' array.";
  if (requests.length > MAX_BATCH_REQUESTS) {
    return `The batch holds ${requests.length} requests; the limit is ${MAX_BATCH_REQUESTS}.`;
  }
  const ids = new Set<string>();
  for (const [index, item] of requests.entries()) {
    const { id, method, url } = (item ?? {}) as Partial<BatchItem>;
    if (typeof id !== 'string' || id === '' || typeof method !== 'string' || typeof url !== 'string') {
      return `Request ${index} needs string 'id', 'method' and 'url' properties.`;
    }
    if (ids.has(id)) return `The batch request id '${id}' is used more than once.`;
    if (/^[a-z]+:\/\//i.test(url)) return `Request '${id}': the url must be relative, e.g. "/users/{id}".`;
    ids.add(id);
  }
  return requests as BatchItem[];
}

function runBatchItem(ctx: SandboxContext, outer: GraphRequest, item: BatchItem): GraphReply {
  const headers = Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  if (ctx.rollFault()) {
    ctx.recorder.update((stats) => {
      stats.graph.throttled429 += 1;
      stats.responses429 += 1;
    });
    return replyGraphThrottled({ headers }, ctx.now(), ctx.graphRetryAfterSeconds);
  }
  const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'http://batch.invalid');
  return handleGraphOperation(ctx, {
    method: item.method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: item.body,
    origin: outer.origin,
  }).reply;
}

export function handleGraphBatch(ctx: SandboxContext, request: GraphRequest): GraphReply {
  ctx.recorder.update((stats) => {
    stats.graph.batches += 1;
    stats.graph.byEndpoint['POST /$batch'] = (stats.graph.byEndpoint['POST /$batch'] ?? 0) + 1;
  });
  const scripted = takeScriptedGraphReply(ctx, request);
  if (scripted) return scripted;
  const items = readBatchItems(request.body);
  if (typeof items === 'string') return replyGraphError(request, ctx.now(), 400, 'BadRequest', items);
  const responses = items.map((item) => {
    const reply = runBatchItem(ctx, request, item);
    return {
      id: item.id,
      status: reply.status,
      headers: reply.headers,
      ...(reply.body === undefined ? {} : { body: reply.body }),
    };
  });
  return replyGraphJson(200, { responses });
}
