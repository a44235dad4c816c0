import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';
import type {
  ActiveMailboxCriteria,
  ExchangeGateway,
  MailboxRecord,
  NewMailboxFromInactiveParams,
  NewRestoreRequestParams,
  RestoreRequestFilter,
  RestoreRequestRecord,
} from '../../operations/tenant-ports.ts';
import {
  MAIL_USER_PROPERTIES,
  MAILBOX_PROPERTIES,
  mapMailbox,
  mapMailUser,
  mapMailboxStatistics,
  mapRestoreRequest,
  mapRestoreRequestStatistics,
} from './exchange-mappers.ts';
import { genericHashTable } from './invoke-command-client.ts';
import { buildEqualsAnyFilter } from './opath-filter.ts';
import type { InvokeCommandClient } from './invoke-command-client.ts';
import type { PasswordEncoder } from './password-encoder.ts';
import { findRecipientsByAddress } from './recipient-lookup.ts';

type Client = Pick<InvokeCommandClient, 'invoke'>;

/** The ExchangeGateway port over InvokeCommand: cmdlets in, domain records out. */
export function createExchangeGateway(client: Client, passwords: PasswordEncoder): ExchangeGateway {
  async function getMailbox(identity: string, options: { inactiveMailboxOnly?: boolean } = {}) {
    const parameters = { Identity: identity, ...(options.inactiveMailboxOnly ? { InactiveMailboxOnly: true } : {}) };
    const result = await nullWhenNotFound(client.invoke('Get-Mailbox', parameters, { select: MAILBOX_PROPERTIES }));
    const first = result?.value[0];
    return first ? mapMailbox(first) : null;
  }

  async function getRestoreRequests(filter: RestoreRequestFilter) {
    const parameters = {
      ...(filter.name ? { Name: filter.name } : {}),
      ...(filter.targetMailbox ? { TargetMailbox: filter.targetMailbox } : {}),
      ...(filter.batchName ? { BatchName: filter.batchName } : {}),
      // Exchange returns 1000 requests unless told otherwise (Learn: Get-MailboxRestoreRequest -ResultSize); a
      // batch or the whole tenant may hold more. A Name names one request per target, so it needs no size.
      ...(filter.name || filter.targetMailbox ? {} : { ResultSize: 'Unlimited' }),
    };
    // Exchange says "couldn't be found" when the target mailbox does not exist: no requests, then.
    const result = await nullWhenNotFound(client.invoke('Get-MailboxRestoreRequest', parameters));
    return (result?.value ?? []).map(mapRestoreRequest);
  }

  return {
    async listInactiveMailboxes() {
      const parameters = { InactiveMailboxOnly: true, ResultSize: 'Unlimited' };
      const result = await client.invoke('Get-Mailbox', parameters, { select: MAILBOX_PROPERTIES });
      return result.value.map(mapMailbox);
    },

    getMailbox,

    async findActiveMailboxes(criteria: ActiveMailboxCriteria) {
      const filter = buildEqualsAnyFilter([
        { property: 'Name', values: criteria.names ?? [] },
        { property: 'ExchangeGuid', values: criteria.exchangeGuids ?? [] },
        { property: 'DistinguishedName', values: criteria.distinguishedNames ?? [] },
      ]);
      if (filter === '') return [];
      // Without -InactiveMailboxOnly / -IncludeInactiveMailbox, Get-Mailbox returns active mailboxes only.
      const parameters = { Filter: filter, ResultSize: 'Unlimited' };
      const result = await client.invoke('Get-Mailbox', parameters, { select: MAILBOX_PROPERTIES });
      return result.value.map(mapMailbox);
    },
    findRecipientsByAddress: (addresses: readonly string[]) => findRecipientsByAddress(client, addresses),

    async newMailboxFromInactive(params: NewMailboxFromInactiveParams): Promise<MailboxRecord> {
      // Encoded first: a key that cannot be used stops the recovery before anything reaches Exchange.
      const password = await passwords.encode(params.password);
      const result = await client.invoke('New-Mailbox', {
        InactiveMailbox: params.inactiveMailbox,
        Name: params.name,
        DisplayName: params.displayName,
        ...(params.firstName ? { FirstName: params.firstName } : {}),
        ...(params.lastName ? { LastName: params.lastName } : {}),
        MicrosoftOnlineServicesID: params.microsoftOnlineServicesId,
        ...(params.primarySmtpAddress ? { PrimarySmtpAddress: params.primarySmtpAddress } : {}),
        Password: password,
        ResetPasswordOnNextLogon: params.resetPasswordOnNextLogon,
      });
      const created = result.value[0];
      if (created && (created['ExchangeGuid'] || created['DistinguishedName'])) return mapMailbox(created);
      const reread = await getMailbox(params.microsoftOnlineServicesId);
      if (reread) return reread;
      throw createBadResponseError(
        `New-Mailbox reported success but no mailbox for ${params.microsoftOnlineServicesId} was found.`,
      );
    },

    async addEmailAddresses(identity: string, addresses: string[]) {
      await client.invoke('Set-Mailbox', { Identity: identity, EmailAddresses: genericHashTable({ Add: addresses }) });
    },

    async getMailUser(identity: string) {
      const parameters = { Identity: identity };
      const result = await nullWhenNotFound(
        client.invoke('Get-MailUser', parameters, { select: MAIL_USER_PROPERTIES }),
      );
      const first = result?.value[0];
      return first ? mapMailUser(first) : null;
    },

    async addMailUserEmailAddresses(identity: string, addresses: string[]) {
      // Set-MailUser -EmailAddresses takes the same Add/Remove hashtable as Set-Mailbox
      // (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailuser, -EmailAddresses).
      const parameters = { Identity: identity, EmailAddresses: genericHashTable({ Add: addresses }) };
      await client.invoke('Set-MailUser', parameters);
    },

    async newRestoreRequest(params: NewRestoreRequestParams): Promise<RestoreRequestRecord> {
      const result = await client.invoke('New-MailboxRestoreRequest', {
        Name: params.name,
        SourceMailbox: params.sourceMailbox,
        TargetMailbox: params.targetMailbox,
        ...(params.targetRootFolder ? { TargetRootFolder: params.targetRootFolder } : {}),
        ...(params.conflictResolutionOption ? { ConflictResolutionOption: params.conflictResolutionOption } : {}),
        ...(params.sourceIsArchive ? { SourceIsArchive: true } : {}),
        ...(params.targetIsArchive ? { TargetIsArchive: true } : {}),
        ...(params.allowLegacyDNMismatch ? { AllowLegacyDNMismatch: true } : {}),
        ...(params.batchName ? { BatchName: params.batchName } : {}),
      });
      // The request's RequestGuid is what the statistics cmdlet needs: read it back by its unique Name.
      const [stored] = await getRestoreRequests({ name: params.name, targetMailbox: params.targetMailbox });
      if (stored) return stored;
      const created = result.value[0];
      if (created?.['RequestGuid']) return mapRestoreRequest(created);
      throw createBadResponseError(
        `New-MailboxRestoreRequest reported success but no request named ${params.name} was found.`,
      );
    },

    getRestoreRequests,

    async getRestoreRequestStatistics(requestGuid: string) {
      const result = await client.invoke('Get-MailboxRestoreRequestStatistics', { Identity: requestGuid });
      const first = result.value[0];
      if (!first)
        throw createBadResponseError(`Get-MailboxRestoreRequestStatistics returned nothing for ${requestGuid}.`);
      return mapRestoreRequestStatistics(first);
    },

    async getMailboxStatistics(identity: string) {
      const parameters = { Identity: identity, IncludeSoftDeletedRecipients: true };
      const result = await nullWhenNotFound(client.invoke('Get-MailboxStatistics', parameters));
      const first = result?.value[0];
      return first ? mapMailboxStatistics(first) : null;
    },
  };
}

async function nullWhenNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TenantError && error.code === TENANT_ERROR_CODES.objectNotFound) return null;
    throw error;
  }
}

function createBadResponseError(message: string): TenantError {
  return new TenantError({ code: TENANT_ERROR_CODES.badResponse, errorClass: 'permanent', message });
}
