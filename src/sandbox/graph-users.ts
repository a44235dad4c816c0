/** Graph user endpoints: read, list with `$filter` and paging, PATCH, assignLicense, group membership. */
import type { FixtureUser } from './fixture-types.ts';
import { parseUserFilter, selectUserProperties } from './graph-query.ts';
import {
  replyBadRequest,
  replyGraphError,
  replyGraphJson,
  replyResourceNotFound,
  type GraphReply,
  type GraphRequest,
} from './graph-replies.ts';
import type { SandboxContext } from './sandbox-context.ts';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;
const PATCHABLE = new Set(['usageLocation', 'displayName', 'givenName', 'surname', 'accountEnabled', 'jobTitle']);

export type UserHandler = (ctx: SandboxContext, request: GraphRequest, key: string) => GraphReply;

/** Runs `handle` on the user the path names, or answers 404 as Graph does (also while it is provisioning). */
export function withUser(
  handle: (ctx: SandboxContext, request: GraphRequest, user: FixtureUser) => GraphReply,
): UserHandler {
  return (ctx, request, key) => {
    const user = ctx.state.findVisibleUser(key);
    return user ? handle(ctx, request, user) : replyResourceNotFound(request, ctx.now(), key);
  };
}

export const getUser = withUser((ctx, request, user) =>
  replyGraphJson(200, {
    '@odata.context': `${request.origin}/v1.0/$metadata#users/$entity`,
    ...selectUserProperties(user, request.query.get('$select')),
  }),
);

function decodeSkipToken(token: string | null): number {
  if (token === null) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, ''));
  return Number.isInteger(offset) && offset >= 0 ? offset : -1;
}

export function listUsers(ctx: SandboxContext, request: GraphRequest): GraphReply {
  const { query } = request;
  const filter = query.get('$filter');
  const predicate = filter ? parseUserFilter(filter) : () => true;
  if (!predicate) {
    return replyGraphError(request, ctx.now(), 400, 'Request_UnsupportedQuery', `Unsupported Query: ${filter}`);
  }
  const top = Number(query.get('$top') ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    return replyBadRequest(
      request,
      ctx.now(),
      `Invalid page size specified: '${query.get('$top')}'. Must be between 1 and 999 inclusive.`,
    );
  }
  const offset = decodeSkipToken(query.get('$skiptoken'));
  if (offset < 0) return replyBadRequest(request, ctx.now(), 'Invalid $skiptoken.');
  const matches = ctx.state.listVisibleUsers().filter(predicate);
  const body: Record<string, unknown> = { '@odata.context': `${request.origin}/v1.0/$metadata#users` };
  if (query.get('$count') === 'true') body['@odata.count'] = matches.length;
  body.value = matches.slice(offset, offset + top).map((user) => selectUserProperties(user, query.get('$select')));
  if (offset + top < matches.length) {
    const next = new URLSearchParams(query);
    next.set('$skiptoken', Buffer.from(`o:${offset + top}`).toString('base64url'));
    body['@odata.nextLink'] = `${request.origin}/v1.0/users?${next.toString().replaceAll('%24', '$')}`;
  }
  return replyGraphJson(200, body);
}

export const patchUser = withUser((ctx, request, user) => {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return replyBadRequest(request, ctx.now(), 'A JSON object body is required.');
  }
  for (const [key, value] of Object.entries(body)) {
    if (!PATCHABLE.has(key)) return replyBadRequest(request, ctx.now(), `Invalid property '${key}'.`);
    if (key === 'usageLocation' && value !== null && !/^[A-Z]{2}$/.test(String(value))) {
      return replyBadRequest(
        request,
        ctx.now(),
        `Invalid value specified for property 'usageLocation' of resource 'User'.`,
      );
    }
  }
  Object.assign(user, body);
  return { status: 204, headers: {} };
});

export const listMemberOf = withUser((ctx, request, user) =>
  replyGraphJson(200, {
    '@odata.context': `${request.origin}/v1.0/$metadata#directoryObjects`,
    value: ctx.state.groups
      .filter((group) => group.members.includes(user.id))
      .map((group) => ({
        '@odata.type': '#microsoft.graph.group',
        id: group.id,
        displayName: group.displayName,
        securityEnabled: true,
        mailEnabled: false,
      })),
  }),
);

export const checkMemberGroups = withUser((ctx, request, user) => {
  const groupIds = (request.body as { groupIds?: unknown } | undefined)?.groupIds;
  if (!Array.isArray(groupIds) || groupIds.length > 20 || groupIds.some((id) => typeof id !== 'string')) {
    return replyBadRequest(request, ctx.now(), "'groupIds' must be an array of at most 20 group ids.");
  }
  const memberOf = new Set(ctx.state.groups.filter((g) => g.members.includes(user.id)).map((g) => g.id.toLowerCase()));
  return replyGraphJson(200, {
    '@odata.context': `${request.origin}/v1.0/$metadata#Collection(Edm.String)`,
    value: (groupIds as string[]).filter((id) => memberOf.has(id.toLowerCase())),
  });
});
