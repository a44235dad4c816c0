/**
 * The sandbox's Temporary Access Pass policy as a fixture sets it. Its own file so that the tenant state can read
 * it without importing the Graph endpoint (which needs the sandbox context, which holds the tenant state).
 * The default is the example response of Learn "Get temporaryAccessPassAuthenticationMethodConfiguration" (v1.0)
 * (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/temporaryaccesspassauthenticationmethodconfiguration-get.md).
 */
import type { FixtureTemporaryAccessPassPolicy } from './fixture-types.ts';

/** Learn's example policy: enabled for all users, passes of 60 to 480 minutes, reusable allowed. */
export const DEFAULT_TEMPORARY_ACCESS_PASS_POLICY: FixtureTemporaryAccessPassPolicy = {
  state: 'enabled',
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
  includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
  excludeTargets: [],
};

/** The fixture's policy over the default, field by field (a fixture may give only `state`). */
export function resolveTemporaryAccessPassPolicy(
  fixture: Partial<FixtureTemporaryAccessPassPolicy> | undefined,
): FixtureTemporaryAccessPassPolicy {
  return { ...structuredClone(DEFAULT_TEMPORARY_ACCESS_PASS_POLICY), ...structuredClone(fixture ?? {}) };
}
