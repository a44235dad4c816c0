/**
 * Routes `/v1.0/...` requests (direct or inside a `$batch`) to their handlers, counts them and records
 * every write in the ledger.
 */
import { assignLicense } from './graph-licensing.ts';
import {
  createTemporaryAccessPass,
  deleteTemporaryAccessPass,
  listTemporaryAccessPasses,
} from './graph-access-passes.ts';
import {
  replyGraphError,
  replyGraphJson,
  replyGraphScripted,
  type GraphReply,
  type GraphRequest,
} from './graph-replies.ts';
import { getTemporaryAccessPassPolicy } from './graph-authentication-policy.ts';
import { decodeOrKeep, normaliseUserKeyPath } from './graph-user-key.ts';
import { checkMemberGroups, getUser, listMemberOf, listUsers, patchUser } from './graph-users.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { DEFAULT_SCRIPTED_MESSAGE } from './scripted-failures.ts';

interface GraphRoute {
  method: string;
  pattern: RegExp;
  /** Stats key, ids replaced by `{id}`. */
  endpoint: string;
  kind: 'read' | 'write';
  handle(ctx: SandboxContext, request: GraphRequest, key: string): GraphReply;
}

const ROUTES: readonly GraphRoute[] = [
  { method: 'GET', pattern: /^\/users$/i, endpoint: 'GET /users', kind: 'read', handle: listUsers },
  { method: 'GET', pattern: /^\/users\/([^/]+)$/i, endpoint: 'GET /users/{id}', kind: 'read', handle: getUser },
  { method: 'PATCH', pattern: /^\/users\/([^/]+)$/i, endpoint: 'PATCH /users/{id}', kind: 'write', handle: patchUser },
  {
    method: 'POST',
    pattern: /^\/users\/([^/]+)\/assignLicense$/i,
    endpoint: 'POST /users/{id}/assignLicense',
    kind: 'write',
    handle: assignLicense,
  },
  {
    method: 'POST',
    pattern: /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods$/i,
    endpoint: 'POST /users/{id}/authentication/temporaryAccessPassMethods',
    kind: 'write',
    handle: createTemporaryAccessPass,
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods$/i,
    endpoint: 'GET /users/{id}/authentication/temporaryAccessPassMethods',
    kind: 'read',
    handle: listTemporaryAccessPasses,
  },
  {
    method: 'DELETE',
    pattern: /^\/users\/([^/]+)\/authentication\/temporaryAccessPassMethods\/[^/]+$/i,
    endpoint: 'DELETE /users/{id}/authentication/temporaryAccessPassMethods/{id}',
    kind: 'write',
    handle: deleteTemporaryAccessPass,
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/memberOf$/i,
    endpoint: 'GET /users/{id}/memberOf',
    kind: 'read',
    handle: listMemberOf,
  },
  {
    method: 'POST',
    pattern: /^\/users\/([^/]+)\/checkMemberGroups$/i,
    endpoint: 'POST /users/{id}/checkMemberGroups',
    kind: 'read',
    handle: checkMemberGroups,
  },
  {
    method: 'GET',
    pattern: /^\/policies\/authenticationMethodsPolicy\/authenticationMethodConfigurations\/temporaryAccessPass$/i,
    endpoint: 'GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass',
    kind: 'read',
    handle: getTemporaryAccessPassPolicy,
  },
  {
    method: 'GET',
    pattern: /^\/domains$/i,
    endpoint: 'GET /domains',
    kind: 'read',
    handle: (ctx, request) =>
      replyGraphJson(200, { '@odata.context': `${request.origin}/v1.0/$metadata#domains`, value: ctx.state.domains }),
  },
  {
    method: 'GET',
    pattern: /^\/subscribedSkus$/i,
    endpoint: 'GET /subscribedSkus',
    kind: 'read',
    handle: (ctx, request) =>
      replyGraphJson(200, {
        '@odata.context': `${request.origin}/v1.0/$metadata#subscribedSkus`,
        value: ctx.state.subscribedSkus,
      }),
  },
];

function replyUnknownRoute(ctx: SandboxContext, request: GraphRequest): GraphReply {
  if (ROUTES.some((route) => route.pattern.test(request.path))) {
    return replyGraphError(
      request,
      ctx.now(),
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  }
  const segment = request.path.split('/').filter(Boolean)[0] ?? '';
  return replyGraphError(request, ctx.now(), 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

/** The answer of an armed scripted failure this request matches (the request then does not run), if any. */
export function takeScriptedGraphReply(ctx: SandboxContext, request: GraphRequest): GraphReply | undefined {
  const failure = ctx.scriptedFailures.takeGraph(request.method, request.path);
  if (!failure) return undefined;
  return replyGraphScripted(request, ctx.now(), failure, DEFAULT_SCRIPTED_MESSAGE, ctx.graphRetryAfterSeconds);
}

/** Answers one Graph operation; `$batch` calls this for each of its requests. */
export function handleGraphOperation(ctx: SandboxContext, sent: GraphRequest): { reply: GraphReply; endpoint: string } {
  const method = sent.method.toUpperCase();
  const userKey = normaliseUserKeyPath(sent.path);
  if (!userKey.ok) {
    return {
      reply: replyGraphError(sent, ctx.now(), 400, 'BadRequest', userKey.message),
      endpoint: `${method} ${sent.path}`,
    };
  }
  const request = { ...sent, path: userKey.path };
  const scripted = takeScriptedGraphReply(ctx, request);
  for (const route of ROUTES) {
    const match = route.method === method ? route.pattern.exec(request.path) : null;
    if (!match) continue;
    const key = decodeOrKeep(match[1] ?? '');
    ctx.recorder.countOperation('graph', route.endpoint, route.kind);
    const reply = scripted ?? route.handle(ctx, request, key);
    if (route.kind === 'write') {
      const errorCode = (reply.body as { error?: { code?: string } } | undefined)?.error?.code;
      ctx.recorder.recordWrite({
        api: 'graph',
        operation: route.endpoint,
        target: key,
        parameters: request.body ?? {},
        outcome: reply.status < 400 ? 'ok' : 'error',
        ...(errorCode ? { errorCode } : {}),
        ...(scripted ? { scripted: true as const } : {}),
      });
    }
    return { reply, endpoint: route.endpoint };
  }
  return { reply: scripted ?? replyUnknownRoute(ctx, request), endpoint: `${method} ${request.path}` };
}
