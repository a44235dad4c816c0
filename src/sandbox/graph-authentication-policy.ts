/**
 * `GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass` and the
 * policy's say over `POST /users/{id}/authentication/temporaryAccessPassMethods`.
 * Sources: Learn "temporaryAccessPassAuthenticationMethodConfiguration resource type" (properties: state,
 * includeTargets, excludeTargets, minimum/maximum/defaultLifetimeInMinutes 10..43200, isUsableOnce: "if true, all
 * the passes in the tenant will be restricted to one-time use") and Learn "Get
 * temporaryAccessPassAuthenticationMethodConfiguration" (v1.0), whose example response is the default
 * (fixture-tap-policy.ts).
 */
import type { FixtureUser } from './fixture-types.ts';
import { replyGraphJson, type GraphReply, type GraphRequest } from './graph-replies.ts';
import type { SandboxContext } from './sandbox-context.ts';

/** The tenant's policy as the fixture set it (fixture-tap-policy.ts), in Graph's shape. */
export function getTemporaryAccessPassPolicy(ctx: SandboxContext, request: GraphRequest): GraphReply {
  const policy = ctx.state.temporaryAccessPassPolicy;
  return replyGraphJson(200, {
    '@odata.context': `${request.origin}/v1.0/$metadata#authenticationMethodConfigurations/$entity`,
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
    id: 'TemporaryAccessPass',
    ...policy,
  });
}

/**
 * Why the policy refuses a pass for this user with these options, or undefined. The texts are paraphrases
 * except the lifetime one, which is Graph's as reported in microsoftgraph/microsoft-graph-docs PR #12187
 * ("Invalid LifetimeInMinutes specified. The valid range between 60 and 480.").
 */
export function refuseByPolicy(
  ctx: SandboxContext,
  user: FixtureUser,
  lifetimeInMinutes: number,
  isUsableOnce: boolean,
): string | undefined {
  const policy = ctx.state.temporaryAccessPassPolicy;
  if (policy.state !== 'enabled') return 'The Temporary Access Pass authentication method is disabled by policy.';
  const inGroup = (id: string): boolean =>
    id === 'all_users' || ctx.state.groups.some((group) => group.id === id && group.members.includes(user.id));
  const targeted = policy.includeTargets.some((target) => inGroup(target.id));
  const excluded = policy.excludeTargets.some((target) => target.id !== 'all_users' && inGroup(target.id));
  if (!targeted || excluded)
    return 'The user is not enabled for the Temporary Access Pass authentication method by policy.';
  const { minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  if (lifetimeInMinutes < min || lifetimeInMinutes > max) {
    return `Invalid LifetimeInMinutes specified. The valid range between ${min} and ${max}.`;
  }
  if (policy.isUsableOnce && !isUsableOnce) return 'The policy allows one-time Temporary Access Passes only.';
  return undefined;
}
