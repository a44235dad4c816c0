import { refuseMailUserTarget } from '../preflight/mail-user-target.ts';
import { PREFLIGHT_CODES } from '../preflight/preflight-codes.ts';
import type { ExchangeGateway } from '../tenant-ports.ts';

/** What a restore copies into: an active mailbox, or a mail user's cloud-based archive. */
export interface RestoreTargetRecord {
  kind: 'mailbox' | 'mailUser';
  exchangeGuid: string;
  emailAddresses: string[];
  isDirSynced: boolean;
}

type TargetResolution =
  { kind: 'found'; target: RestoreTargetRecord } | { kind: 'refused'; code: string; message: string };

/**
 * The row's target as Exchange knows it: a mailbox (Get-Mailbox), else a mail user (Get-MailUser), which only its
 * cloud-based archive can take the restore into (preflight/mail-user-target.ts gives the sources).
 */
export async function resolveRestoreTarget(
  exchange: Pick<ExchangeGateway, 'getMailbox' | 'getMailUser'>,
  target: string,
  intoArchive: boolean,
): Promise<TargetResolution> {
  const mailbox = target ? await exchange.getMailbox(target) : null;
  if (mailbox?.isInactiveMailbox) {
    const message = `The target ${target} is an inactive mailbox; restore into an active one.`;
    return { kind: 'refused', code: PREFLIGHT_CODES.targetIsInactive, message };
  }
  if (mailbox) return { kind: 'found', target: { kind: 'mailbox', ...pickAddressing(mailbox) } };

  const mailUser = target ? await exchange.getMailUser(target) : null;
  if (!mailUser) {
    const message = `No mailbox or mail user ${target} was found.`;
    return { kind: 'refused', code: PREFLIGHT_CODES.targetMailboxNotFound, message };
  }
  const refusal = refuseMailUserTarget(target, intoArchive, mailUser);
  if (refusal) return { kind: 'refused', code: PREFLIGHT_CODES.targetIsMailUser, message: refusal };
  return { kind: 'found', target: { kind: 'mailUser', ...pickAddressing(mailUser) } };
}

function pickAddressing(record: { exchangeGuid: string; emailAddresses: string[]; isDirSynced: boolean }) {
  return { exchangeGuid: record.exchangeGuid, emailAddresses: record.emailAddresses, isDirSynced: record.isDirSynced };
}
