import { createItem, type BulkOperationItem } from '../model.ts';
import type { ItemExecutor } from '../ports.ts';
import { formatHolds } from '../preflight/describe-holds.ts';
import { PREFLIGHT_CODES } from '../preflight/preflight-codes.ts';
import { recoveryBlockers } from '../preflight/source-rules.ts';
import type { ExchangeGateway } from '../tenant-ports.ts';
import { failPermanently, guardTenantCalls } from './tenant-failure.ts';

export interface ExportDeps {
  exchange: Pick<ExchangeGateway, 'getMailbox' | 'getMailboxStatistics'>;
}

/** One results row per inactive mailbox: identity, names, addresses, holds, archive, size and eligibility. */
export function createExportExecutor(deps: ExportDeps): ItemExecutor {
  return {
    async execute(item, context) {
      context.signal.throwIfAborted();
      return guardTenantCalls(async () => {
        const mailbox = await deps.exchange.getMailbox(item.sourceIdentity, { inactiveMailboxOnly: true });
        if (!mailbox) {
          return failPermanently(
            PREFLIGHT_CODES.sourceNotFound,
            `No inactive mailbox ${item.sourceIdentity} was found.`,
          );
        }
        const stats = await deps.exchange.getMailboxStatistics(mailbox.exchangeGuid);
        const blockers = recoveryBlockers(mailbox);
        return {
          status: 'completed',
          result: {
            exchangeGuid: mailbox.exchangeGuid,
            distinguishedName: mailbox.distinguishedName,
            name: mailbox.name,
            displayName: mailbox.displayName,
            primarySmtpAddress: mailbox.primarySmtpAddress,
            userPrincipalName: mailbox.userPrincipalName,
            emailAddresses: mailbox.emailAddresses.join('; '),
            whenSoftDeleted: mailbox.whenSoftDeleted ?? '',
            holds: formatHolds(mailbox),
            archiveStatus: mailbox.archiveStatus,
            totalItemSizeBytes: stats?.totalItemSizeBytes ?? null,
            itemCount: stats?.itemCount ?? null,
            eligibleForRecovery: blockers.length === 0,
            eligibilityReason: blockers.map((blocker) => blocker.message).join(' '),
          },
        };
      });
    },
  };
}

/** An empty export file means "every inactive mailbox": one item per mailbox, numbered as if read from a file. */
export async function expandExportItems(
  exchange: Pick<ExchangeGateway, 'listInactiveMailboxes'>,
): Promise<BulkOperationItem[]> {
  const mailboxes = await exchange.listInactiveMailboxes();
  return mailboxes.map((mailbox, index) =>
    createItem({
      rowNumber: index + 2,
      sourceIdentity: mailbox.exchangeGuid,
      targetIdentity: null,
      additionalData: {},
    }),
  );
}
