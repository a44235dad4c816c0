import type { BulkOperationItem } from '../model.ts';
import type { TenantDomain } from '../tenant-ports.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { COLUMNS, domainOf, identityKey, readField, targetSmtpOf } from './item-fields.ts';
import { PREFLIGHT_CODES, rowIssue } from './preflight-codes.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

/** The new user's UPN and address must be free and in a domain the tenant accepts mail for. */
export function checkRecoveryTarget(item: Readonly<BulkOperationItem>, snapshot: TenantSnapshot): ValidationIssue[] {
  const upn = item.targetIdentity?.trim();
  if (!upn) return [];
  const issues: ValidationIssue[] = [];
  const smtp = targetSmtpOf(item) ?? upn;
  const smtpColumn = readField(item, COLUMNS.targetSmtp) ? COLUMNS.targetSmtp : COLUMNS.recoveryTarget;

  const upnOwner = snapshot.usersByUpn.get(identityKey(upn));
  if (upnOwner) {
    const message = `The UPN ${upn} is already used by an existing user (${upnOwner.id}); choose another UPN or restore into that user's mailbox instead.`;
    issues.push(rowIssue(item, COLUMNS.recoveryTarget, PREFLIGHT_CODES.targetUpnInUse, 'error', message));
  }
  const smtpOwner = snapshot.usersByProxy.get(identityKey(smtp))?.find((user) => user.id !== upnOwner?.id);
  if (smtpOwner) {
    const message = `The address ${smtp} already belongs to ${smtpOwner.userPrincipalName}; choose another address for the recovered mailbox.`;
    issues.push(rowIssue(item, smtpColumn, PREFLIGHT_CODES.targetSmtpInUse, 'error', message));
  }

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

function acceptedDomains(domains: readonly TenantDomain[]): Set<string> {
  return new Set(
    domains
      .filter(
        (domain) => domain.isVerified && domain.supportedServices.some((service) => service.toLowerCase() === 'email'),
      )
      .map((domain) => domain.id.toLowerCase()),
  );
}
