import type { BulkOperationItem } from '../model.ts';
import type { DirectoryUser, MailboxRecord, TenantDomain } from '../tenant-ports.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { COLUMNS, domainOf, identityKey, targetSmtpOf } from './item-fields.ts';
import { classifyAddressHolders, describeRecipient } from './address-holders.ts';
import { PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

/**
 * The new user's UPN and address must be free and in a domain the tenant accepts mail for. The address is the
 * one Exchange will really set: `target_smtp` (sent as -PrimarySmtpAddress), else the UPN — "The primary SMTP
 * address for the recovered inactive mailbox will have the same value as the one specified by the
 * MicrosoftOnlineServicesID parameter" (https://learn.microsoft.com/purview/recover-an-inactive-mailbox,
 * "Recover inactive mailboxes", step 2).
 */
export function checkRecoveryTarget(
  item: Readonly<BulkOperationItem>,
  snapshot: TenantSnapshot,
  source: MailboxRecord | null = null,
): ValidationIssue[] {
  const upn = item.targetIdentity?.trim();
  if (!upn) return [];
  const issues: ValidationIssue[] = [];
  const smtp = targetSmtpOf(item) ?? upn;
  // The import copies the UPN into target_smtp when the file has none: only a different address is the row's own.
  const ownSmtp = identityKey(smtp) !== identityKey(upn);
  const smtpColumn = ownSmtp ? COLUMNS.targetSmtp : COLUMNS.recoveryTarget;

  const upnOwner = snapshot.usersByUpn.get(identityKey(upn));
  if (upnOwner) {
    const message = `The UPN ${upn} is already used by an existing user (${upnOwner.id}); choose another UPN or restore into that user's mailbox instead.`;
    issues.push(rowIssue(item, COLUMNS.recoveryTarget, PREFLIGHT_CODES.targetUpnInUse, 'error', message));
  }
  issues.push(...checkAddressFree(item, snapshot, smtp, smtpColumn, upnOwner ?? null));
  const primaryNote = ownSmtp ? null : notePrimaryFromUpn(item, source, upn);
  if (primaryNote) issues.push(primaryNote);

  const accepted = acceptedDomains(snapshot.domains);
  const domainChecks: [string, string][] = [[COLUMNS.recoveryTarget, upn]];
  if (domainOf(smtp) !== domainOf(upn)) domainChecks.push([smtpColumn, smtp]);
  for (const [column, address] of domainChecks) {
    const domain = domainOf(address);
    if (accepted.has(domain)) continue;
    const message = `The domain ${domain} of ${address} is not a verified domain with the Email service in this tenant.`;
    issues.push(rowIssue(item, column, PREFLIGHT_CODES.domainNotAccepted, 'error', message));
  }
  return issues;
}

/** Anyone holding the address — an Entra user (Graph) or any Exchange recipient (Get-Recipient) — blocks it. */
function checkAddressFree(
  item: Readonly<BulkOperationItem>,
  snapshot: TenantSnapshot,
  smtp: string,
  column: string,
  upnOwner: DirectoryUser | null,
): ValidationIssue[] {
  const key = identityKey(smtp);
  const { live, softDeleted } = classifyAddressHolders(snapshot.recipientsByAddress.get(key) ?? [], snapshot);
  // The UPN's owner is already reported as TARGET_UPN_IN_USE: one error for one person is enough.
  const holder = live.find((recipient) => !upnOwner || recipient.externalDirectoryObjectId !== upnOwner.id);
  const user = snapshot.usersByProxy.get(key)?.find((candidate) => candidate.id !== upnOwner?.id);
  const issues: ValidationIssue[] = [];
  const owner = holder ? describeRecipient(holder) : user?.userPrincipalName;
  if (owner) {
    const message = `The address ${smtp} already belongs to ${owner}; choose another address for the recovered mailbox.`;
    issues.push(rowIssue(item, column, PREFLIGHT_CODES.targetSmtpInUse, 'error', message));
  }
  const [deleted] = softDeleted;
  if (!owner && deleted) {
    const message =
      `The address ${smtp} is also held by ${describeRecipient(deleted).replace(/^the /, 'the soft-deleted ')}; ` +
      'if that recipient is restored later, the two will claim the same address.';
    issues.push(rowIssue(item, column, PREFLIGHT_CODES.targetSmtpHeldBySoftDeleted, 'warning', message));
  }
  return issues;
}

/** Without a `target_smtp` of its own the old primary address is not kept as primary: say so where it differs from the UPN. */
function notePrimaryFromUpn(
  item: Readonly<BulkOperationItem>,
  source: MailboxRecord | null,
  upn: string,
): ValidationIssue | null {
  if (!source?.primarySmtpAddress) return null;
  if (identityKey(source.primarySmtpAddress) === identityKey(upn)) return null;
  const message =
    `Exchange will give the recovered mailbox the primary address ${upn} (its UPN), not ${source.primarySmtpAddress}; ` +
    'add a target_smtp column to choose the primary address.';
  return rowIssue(item, COLUMNS.recoveryTarget, PREFLIGHT_CODES.primarySmtpFromUpn, 'warning', message);
}

function acceptedDomains(domains: readonly TenantDomain[]): Set<string> {
  return new Set(
    domains
      .filter(
        (domain) => domain.isVerified && domain.supportedServices.some((service) => service.toLowerCase() === 'email'),
      )
      .map((domain) => domain.id.toLowerCase()),
  );
}
