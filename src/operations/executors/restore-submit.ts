import type { BulkOperationItem, JsonObject } from '../model.ts';
import type { ItemOutcome } from '../ports.ts';
import { COLUMNS, readBooleanField, readField } from '../preflight/item-fields.ts';
import { PREFLIGHT_CODES } from '../preflight/preflight-codes.ts';
import { FINISHED_RESTORE_STATUSES } from '../preflight/restore-target-rules.ts';
import { TenantError, type ExchangeGateway, type RestoreRequestRecord } from '../tenant-ports.ts';
import { resolveRestoreTarget, type RestoreTargetRecord } from './restore-target.ts';
import { failPermanently } from './tenant-failure.ts';

export type RestoreExchange = Pick<
  ExchangeGateway,
  | 'getMailbox'
  | 'getMailUser'
  | 'addEmailAddresses'
  | 'addMailUserEmailAddresses'
  | 'newRestoreRequest'
  | 'getRestoreRequests'
  | 'getRestoreRequestStatistics'
>;

export type SubmitResult = { kind: 'submitted'; requestGuid: string } | { kind: 'refused'; outcome: ItemOutcome };

/** `IMR-<first 8 of the job id>-<row>`: unique per job and row, so finding it proves the submit happened. */
export function restoreRequestName(jobId: string, rowNumber: number): string {
  return `IMR-${jobId.slice(0, 8)}-${rowNumber}`;
}

/**
 * Looks up the source and the target (a mailbox, or a mail user's cloud-based archive), gives a cloud-only target
 * the source's X500 address (so replies to old mail still resolve), then submits the request. A synced target
 * cannot keep a cloud-added address (sync overwrites it): it is refused unless AllowLegacyDNMismatch is allowed
 * by setting.
 */
export async function submitRestore(
  item: Readonly<BulkOperationItem>,
  name: string,
  exchange: RestoreExchange,
  options: {
    allowLegacyDnMismatch: boolean;
    /** The job's BatchName, so its tracker lists every request of the job in one call. */
    batchName: string;
    signal: AbortSignal;
    save(checkpoint: JsonObject): Promise<void>;
  },
): Promise<SubmitResult> {
  const target = item.targetIdentity?.trim() ?? '';
  const source = await exchange.getMailbox(item.sourceIdentity, { inactiveMailboxOnly: true });
  if (!source) {
    return refuse(PREFLIGHT_CODES.sourceNotFound, `No inactive mailbox ${item.sourceIdentity} was found.`);
  }
  const targetIsArchive = readBooleanField(item, COLUMNS.targetIsArchive);
  const resolution = await resolveRestoreTarget(exchange, target, targetIsArchive === true);
  if (resolution.kind === 'refused') return refuse(resolution.code, resolution.message);
  const targetMailbox = resolution.target;

  const duplicate = await findUnfinishedCopy(exchange, source.exchangeGuid, targetMailbox.exchangeGuid);
  if (duplicate) {
    return refuse(
      PREFLIGHT_CODES.restoreAlreadyExists,
      `The restore request '${duplicate.name}' (${duplicate.status}) is still copying this inactive mailbox into ${target}; wait for it to finish or remove it first.`,
    );
  }

  let allowLegacyDNMismatch = false;
  const x500 = `X500:${source.legacyExchangeDN}`;
  if (!hasAddress(targetMailbox, x500)) {
    if (targetMailbox.isDirSynced && !options.allowLegacyDnMismatch) {
      return refuse(
        PREFLIGHT_CODES.targetSyncedX500Required,
        `The target ${target} is synced from on-premises Active Directory: add ${x500} to it on-premises and let it sync before restoring.`,
      );
    }
    if (targetMailbox.isDirSynced) {
      allowLegacyDNMismatch = true;
    } else {
      options.signal.throwIfAborted();
      // A mail user's addresses are Set-MailUser's (Learn Set-MailUser, -EmailAddresses), not Set-Mailbox's.
      if (targetMailbox.kind === 'mailUser')
        await exchange.addMailUserEmailAddresses(targetMailbox.exchangeGuid, [x500]);
      else await exchange.addEmailAddresses(targetMailbox.exchangeGuid, [x500]);
      await options.save({ step: 'x500Added' });
    }
  }

  options.signal.throwIfAborted();
  const request = await submitOnce(exchange, {
    name,
    sourceMailbox: source.exchangeGuid,
    targetMailbox: targetMailbox.exchangeGuid,
    targetRootFolder: readField(item, COLUMNS.targetFolder),
    conflictResolutionOption: readField(item, COLUMNS.conflictResolution),
    sourceIsArchive: readBooleanField(item, COLUMNS.sourceIsArchive),
    targetIsArchive,
    ...(allowLegacyDNMismatch ? { allowLegacyDNMismatch } : {}),
    batchName: options.batchName,
  });
  return { kind: 'submitted', requestGuid: request.requestGuid };
}

/**
 * The unfinished request already copying this source into this target, if any. Get-MailboxRestoreRequest names
 * only the target, so each unfinished request into it is read once with Get-MailboxRestoreRequestStatistics,
 * whose SourceExchangeGuid names the source (KelvinTegelaar/CIPP src/components/CippComponents/MailboxRestoreDetails.jsx;
 * gist Spartan-196/249b097f099426ad67b4000b96e32a2f pipes each RequestGuid into the statistics the same way).
 */
async function findUnfinishedCopy(
  exchange: RestoreExchange,
  sourceGuid: string,
  targetGuid: string,
): Promise<RestoreRequestRecord | undefined> {
  const requests = await exchange.getRestoreRequests({ targetMailbox: targetGuid });
  for (const request of requests.filter((r) => !FINISHED_RESTORE_STATUSES.has(r.status))) {
    const statistics = await exchange.getRestoreRequestStatistics(request.requestGuid);
    if (statistics.sourceExchangeGuid?.toLowerCase() === sourceGuid.toLowerCase()) return request;
  }
  return undefined;
}

/** A failed or timed-out submit may still have created the request: look for our Name before giving up. */
async function submitOnce(
  exchange: RestoreExchange,
  params: Parameters<RestoreExchange['newRestoreRequest']>[0],
): Promise<{ requestGuid: string }> {
  try {
    return await exchange.newRestoreRequest(params);
  } catch (error) {
    if (!(error instanceof TenantError)) throw error;
    const existing = await exchange.getRestoreRequests({ name: params.name }).catch(() => []);
    const [found] = existing;
    if (found) return found;
    throw error;
  }
}

function hasAddress(mailbox: Pick<RestoreTargetRecord, 'emailAddresses'>, address: string): boolean {
  const wanted = address.toLowerCase();
  return mailbox.emailAddresses.some((value) => value.toLowerCase() === wanted);
}

function refuse(code: string, message: string): SubmitResult {
  return { kind: 'refused', outcome: failPermanently(code, message) };
}
