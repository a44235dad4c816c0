/**
 * A user's Temporary Access Pass: create, list and delete under `/users/{id}/authentication/temporaryAccessPassMethods`.
 * Sources (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0): "Create temporaryAccessPassMethod"
 * (201; "A user can only have one Temporary Access Pass that's usable within its specified lifetime … the previous
 * Temporary Access Pass will be deleted, and a new Temporary Access Pass will be created"), "List
 * temporaryAccessPassMethods" (200, a single object at most, `temporaryAccessPass: null`), "Delete
 * temporaryAccessPassAuthenticationMethod" (204), and the resource type's properties (isUsable,
 * methodUsabilityReason `EnabledByPolicy`/`Expired`/`NotYetValid`/…). Graph's answer to deleting an id the user
 * does not hold is not documented: the sandbox answers its usual 404 for a missing resource.
 */
import { randomBytes } from 'node:crypto';
import { formatExchangeDate } from './exchange-values.ts';
import { refuseByPolicy } from './graph-authentication-policy.ts';
import { replyBadRequest, replyGraphError, replyGraphJson, replyResourceNotFound } from './graph-replies.ts';
import { withUser } from './graph-users.ts';
import type { StoredAccessPass } from './tenant-state.ts';

const MIN_LIFETIME_MINUTES = 10;
const MAX_LIFETIME_MINUTES = 43_200;
const METHOD_ID = /\/temporaryAccessPassMethods\/([^/]+)$/i;

/** The pass is returned once, to the caller; the sandbox keeps no copy (it is a credential). */
export const createTemporaryAccessPass = withUser((ctx, request, user) => {
  const body = (request.body ?? {}) as { lifetimeInMinutes?: unknown; isUsableOnce?: unknown; startDateTime?: unknown };
  // Without a lifetime, Graph uses the policy's defaultLifetimeInMinutes (Learn resource type, Properties).
  const policyDefault = ctx.state.temporaryAccessPassPolicy.defaultLifetimeInMinutes;
  const lifetime = body.lifetimeInMinutes === undefined ? policyDefault : Number(body.lifetimeInMinutes);
  if (!Number.isInteger(lifetime) || lifetime < MIN_LIFETIME_MINUTES || lifetime > MAX_LIFETIME_MINUTES) {
    return replyBadRequest(
      request,
      ctx.now(),
      `lifetimeInMinutes must be between ${MIN_LIFETIME_MINUTES} and ${MAX_LIFETIME_MINUTES}.`,
    );
  }
  const refusal = refuseByPolicy(ctx, user, lifetime, body.isUsableOnce === true);
  if (refusal) return replyGraphError(request, ctx.now(), 400, 'badRequest', refusal);
  const now = ctx.now();
  const stored: StoredAccessPass = {
    id: ctx.prng.guid(),
    createdDateTime: formatExchangeDate(now),
    startDateTime: typeof body.startDateTime === 'string' ? body.startDateTime : formatExchangeDate(now),
    lifetimeInMinutes: lifetime,
    isUsableOnce: body.isUsableOnce === true,
  };
  // One pass per user: a new one takes the place of the old (Create page, first paragraph).
  ctx.state.accessPasses.set(user.id.toLowerCase(), stored);
  return replyGraphJson(201, {
    '@odata.context': `${request.origin}/v1.0/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`,
    ...describePass(stored, now),
    temporaryAccessPass: randomBytes(12).toString('base64url').slice(0, 16),
  });
});

export const listTemporaryAccessPasses = withUser((ctx, request, user) => {
  const stored = ctx.state.accessPasses.get(user.id.toLowerCase());
  return replyGraphJson(200, {
    '@odata.context': `${request.origin}/v1.0/$metadata#users('${user.id}')/authentication/temporaryAccessPassMethods`,
    value: stored ? [{ ...describePass(stored, ctx.now()), temporaryAccessPass: null }] : [],
  });
});

export const deleteTemporaryAccessPass = withUser((ctx, request, user) => {
  const methodId = decodeURIComponent(METHOD_ID.exec(request.path)?.[1] ?? '');
  const stored = ctx.state.accessPasses.get(user.id.toLowerCase());
  if (!stored || stored.id.toLowerCase() !== methodId.toLowerCase()) {
    return replyResourceNotFound(request, ctx.now(), methodId);
  }
  ctx.state.accessPasses.delete(user.id.toLowerCase());
  return { status: 204, headers: {} };
});

/** The listed properties; a one-time pass's use is not simulated (nobody signs in to the sandbox). */
function describePass(stored: StoredAccessPass, nowMs: number) {
  const startMs = Date.parse(stored.startDateTime);
  const endMs = startMs + stored.lifetimeInMinutes * 60_000;
  const reason = nowMs < startMs ? 'NotYetValid' : nowMs >= endMs ? 'Expired' : 'EnabledByPolicy';
  return {
    id: stored.id,
    isUsable: reason === 'EnabledByPolicy',
    methodUsabilityReason: reason,
    createdDateTime: stored.createdDateTime,
    startDateTime: stored.startDateTime,
    lifetimeInMinutes: stored.lifetimeInMinutes,
    isUsableOnce: stored.isUsableOnce,
  };
}
