import type { DirectoryUser, MailboxRecord } from '../tenant-ports.ts';
import { classifyIdentity, guidKey, identityKey, type IdentityKind } from './item-fields.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

export type SourceResolution =
  | { kind: 'inactive'; mailbox: MailboxRecord; byAddress: boolean }
  | { kind: 'ambiguous'; mailboxes: MailboxRecord[] }
  | { kind: 'active'; user: DirectoryUser }
  | { kind: 'active_mailbox'; mailbox: MailboxRecord }
  | { kind: 'not_found'; identityKind: IdentityKind };

/** Finds the inactive mailbox a row names, against the snapshot only (no remote call). */
export function resolveSource(identity: string, snapshot: TenantSnapshot): SourceResolution {
  const identityKind = classifyIdentity(identity);
  const matches = findInactive(identity, snapshot);
  const [only] = matches;
  if (matches.length === 1 && only) return { kind: 'inactive', mailbox: only, byAddress: identityKind === 'address' };
  if (matches.length > 1) return { kind: 'ambiguous', mailboxes: matches };
  const activeMailbox = findActiveMailbox(identity, snapshot);
  if (activeMailbox) return { kind: 'active_mailbox', mailbox: activeMailbox };
  const user = identityKind === 'address' ? findActiveUser(identity, snapshot) : undefined;
  return user ? { kind: 'active', user } : { kind: 'not_found', identityKind };
}

/**
 * The active mailbox a GUID or DN designates, from the snapshot's one filtered Get-Mailbox: the way to tell
 * "this is an active mailbox" (IsInactiveMailbox is false) from "no such mailbox" (DOMAIN.md, SOURCE_NOT_INACTIVE).
 */
function findActiveMailbox(identity: string, snapshot: TenantSnapshot): MailboxRecord | undefined {
  switch (classifyIdentity(identity)) {
    case 'guid':
      return snapshot.activeByGuid.get(guidKey(identity));
    case 'dn':
      return snapshot.activeByDn.get(identityKey(identity));
    default:
      return undefined;
  }
}

/** The inactive mailboxes a GUID, DN or address designates (an address may designate several). */
export function findInactive(identity: string, snapshot: TenantSnapshot): MailboxRecord[] {
  const key = identityKey(identity);
  switch (classifyIdentity(identity)) {
    case 'guid': {
      const mailbox = snapshot.inactiveByGuid.get(guidKey(identity));
      return mailbox ? [mailbox] : [];
    }
    case 'dn': {
      const mailbox = snapshot.inactiveByDn.get(key);
      return mailbox ? [mailbox] : [];
    }
    case 'address':
      return snapshot.inactiveByAddress.get(key) ?? [];
    default:
      return [];
  }
}

/** The active directory user holding an address as UPN or proxy, from the snapshot's Graph look-ups. */
export function findActiveUser(address: string, snapshot: TenantSnapshot): DirectoryUser | undefined {
  const key = identityKey(address);
  return snapshot.usersByUpn.get(key) ?? snapshot.usersByProxy.get(key)?.[0];
}
