/** Exchange refuses a Name longer than 64 characters. */
const MAX_NAME_LENGTH = 64;

/**
 * The `Name` given to New-Mailbox: the UPN's local part. Pre-flight checks it is unique and the recovery
 * executor sends exactly this, so both agree on what "name in use" means.
 */
export function deriveMailboxName(upn: string): string {
  const at = upn.lastIndexOf('@');
  const local = (at > 0 ? upn.slice(0, at) : upn).trim();
  return local.slice(0, MAX_NAME_LENGTH).trim();
}
