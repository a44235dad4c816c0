/**
 * Whether the tenant's Temporary Access Pass policy lets us hand a pass to every recovered user. One file-level
 * verdict, not one per row: the policy is the same for every row, and a recovery that runs only to fail at the
 * pass would leave mailboxes recovered with nobody able to sign in to them.
 * Source: Learn "temporaryAccessPassAuthenticationMethodConfiguration resource type" (Properties: state,
 * minimumLifetimeInMinutes, maximumLifetimeInMinutes, isUsableOnce; Relationships: includeTargets, whose
 * authenticationMethodTarget `id` is `all_users` or a group id).
 */
import type { TemporaryAccessPassPolicy } from '../tenant-ports.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { PREFLIGHT_CODES } from './preflight-codes.ts';

/** What the recovery executor asks Graph for: a one-time pass valid for an hour. */
export const TEMPORARY_ACCESS_PASS_REQUEST = { lifetimeInMinutes: 60, isUsableOnce: true } as const;

const ALL_USERS = 'all_users';
const SWITCH_OFF = 'or set ISSUE_TEMPORARY_ACCESS_PASS=false to recover without passes';

function fileError(code: string, message: string): ValidationIssue {
  return { row: null, column: null, code, severity: 'error', message };
}

/** A policy with isUsableOnce forbids reusable passes only: ours are one-time, so it never blocks. */
export function checkTemporaryAccessPassPolicy(
  policy: TemporaryAccessPassPolicy,
  request: { lifetimeInMinutes: number } = TEMPORARY_ACCESS_PASS_REQUEST,
): ValidationIssue[] {
  if (!policy.enabled) {
    return [
      fileError(
        PREFLIGHT_CODES.tapPolicyDisabled,
        `Temporary Access Pass is disabled in this tenant's authentication methods policy, so no recovered user could be given one: enable it in Entra (Authentication methods › Temporary Access Pass), ${SWITCH_OFF}.`,
      ),
    ];
  }
  const issues: ValidationIssue[] = [];
  // A recovered mailbox gets a brand-new Entra user, which is in no assigned group when its pass is created.
  // No public source found for dynamic groups; assumption: their membership is not updated in the seconds between
  // recovery and the pass, so a groups-only policy is refused too (membership cannot be checked: no user exists yet).
  if (policy.includeTargetIds !== null && !policy.includeTargetIds.some((id) => id.toLowerCase() === ALL_USERS)) {
    issues.push(
      fileError(
        PREFLIGHT_CODES.tapPolicyNotAllUsers,
        `The Temporary Access Pass policy is enabled only for some groups, and a recovered user is a new account that is in none of them when its pass is created: target the policy at all users, ${SWITCH_OFF}.`,
      ),
    );
  }
  const { minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  // An answer without the bounds (read as 0) says nothing about them: only stated bounds block.
  if (max > 0 && (request.lifetimeInMinutes < min || request.lifetimeInMinutes > max)) {
    issues.push(
      fileError(
        PREFLIGHT_CODES.tapLifetimeOutsidePolicy,
        `The bot asks for Temporary Access Passes valid for ${request.lifetimeInMinutes} minutes, but the tenant's policy allows only ${min} to ${max} minutes: widen the policy's lifetime range to include ${request.lifetimeInMinutes} minutes, ${SWITCH_OFF}.`,
      ),
    );
  }
  return issues;
}
