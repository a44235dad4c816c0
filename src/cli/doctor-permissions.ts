/**
 * Reads the application permissions an app-only token carries (its `roles` claim). A read-only doctor cannot
 * try the write calls, but the token says whether they would be allowed. Only role names leave this file.
 */
import type { TenantResource } from '../tenant/token-provider.ts';

export interface PermissionNeed {
  permission: string;
  /** Words that finish "needed for …". */
  neededFor: string;
  /** Broader permissions that also allow the calls (Microsoft's documented alternatives). */
  alsoGrantedBy: readonly string[];
  /** `false`: only some jobs need it, so its absence is a note, not a failure. */
  required: boolean;
}

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

/** What the bot calls, per resource. The Exchange role (RBAC) is not in the token: the mailbox read checks it. */
export function listPermissionNeeds(
  resource: TenantResource,
  options: { temporaryAccessPass: boolean },
): PermissionNeed[] {
  if (resource === 'exchange') {
    return [
      {
        permission: 'Exchange.ManageAsApp',
        neededFor: 'every Exchange Online call',
        alsoGrantedBy: [],
        required: true,
      },
    ];
  }
  return [
    {
      permission: 'User.Read.All',
      neededFor: 'looking up users',
      alsoGrantedBy: ['User.ReadWrite.All', ...DIRECTORY_READ],
      required: true,
    },
    {
      permission: 'Domain.Read.All',
      neededFor: 'listing domains',
      alsoGrantedBy: ['Domain.ReadWrite.All', ...DIRECTORY_READ],
      required: true,
    },
    {
      permission: 'Organization.Read.All',
      neededFor: 'listing licences',
      alsoGrantedBy: ['Organization.ReadWrite.All', 'LicenseAssignment.Read.All', ...DIRECTORY_READ],
      required: true,
    },
    {
      permission: 'User.ReadWrite.All',
      neededFor: 'setting usage locations',
      alsoGrantedBy: ['Directory.ReadWrite.All'],
      required: true,
    },
    {
      permission: 'LicenseAssignment.ReadWrite.All',
      neededFor: 'assigning licences',
      alsoGrantedBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
      required: true,
    },
    {
      permission: 'UserAuthenticationMethod.ReadWrite.All',
      neededFor: 'issuing Temporary Access Passes',
      alsoGrantedBy: [],
      required: options.temporaryAccessPass,
    },
    {
      // Learn "Get temporaryAccessPassAuthenticationMethodConfiguration", Permissions: least privileged application
      // permission Policy.Read.AuthenticationMethod, higher Policy.ReadWrite.AuthenticationMethod.
      permission: 'Policy.Read.AuthenticationMethod',
      neededFor: 'checking the Temporary Access Pass policy before recovering',
      alsoGrantedBy: ['Policy.ReadWrite.AuthenticationMethod'],
      required: options.temporaryAccessPass,
    },
    {
      permission: 'GroupMember.Read.All',
      neededFor: 'checking approver groups',
      alsoGrantedBy: ['Group.Read.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', ...DIRECTORY_READ],
      required: false,
    },
  ];
}

/**
 * The `roles` claim of a JWT access token, or `null` when the token is not a JWT (the sandbox's) or carries
 * no roles claim. The signature is not checked: the token came from our own token provider.
 */
export function readTokenRoles(token: string): string[] | null {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || payload === undefined) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null; // not a JWT after all: nothing to inspect
  }
  const roles = typeof claims === 'object' && claims !== null ? (claims as { roles?: unknown }).roles : undefined;
  return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : null;
}

/** The needs that none of the granted roles covers (role names compare case-insensitively). */
export function findMissingPermissions(needs: readonly PermissionNeed[], roles: readonly string[]): PermissionNeed[] {
  const granted = new Set(roles.map((role) => role.toLowerCase()));
  return needs.filter(
    (need) => ![need.permission, ...need.alsoGrantedBy].some((name) => granted.has(name.toLowerCase())),
  );
}
