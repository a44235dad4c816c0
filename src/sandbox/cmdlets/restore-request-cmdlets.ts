/** `New-MailboxRestoreRequest`, `Get-MailboxRestoreRequest` and `Get-MailboxRestoreRequestStatistics`. */
import { formatExchangeDate, parseByteQuantity } from '../exchange-values.ts';
import type { FixtureMailbox, FixtureRecipient, FixtureRestoreRequest } from '../fixture-types.ts';
import type { TenantState } from '../tenant-state.ts';
import type { CmdletDefinition, CmdletParameters } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';
import { limitResults, readResultSize } from './get-mailbox.ts';
import { resolveSingleMailUser } from './mail-user-cmdlets.ts';
import { resolveSingleMailbox } from './resolve-mailbox.ts';
import {
  buildRestoreReport,
  describeRestoreRequest,
  describeRestoreStatistics,
  resolveRestoreRequest,
} from './restore-request-view.ts';

const DEFAULT_NAMES = ['MailboxRestore', ...Array.from({ length: 9 }, (_, i) => `MailboxRestore${i + 1}`)];

function resolveSource(state: TenantState, identity: string): FixtureMailbox {
  return state.findMailboxes(identity, 'inactive').length > 0
    ? resolveSingleMailbox(state, identity, 'inactive')
    : resolveSingleMailbox(state, identity, 'active');
}

/** What a restore request copies into: an active mailbox, or a mail user's cloud-based archive. */
interface RestoreTarget {
  Name: string;
  Alias: string;
  ExchangeGuid: string;
  LegacyExchangeDN: string;
  EmailAddresses: string[];
}

/** ArchiveStatus `Active` with an ArchiveGuid: the cloud-based archive is provisioned (create-cloud-based-archive.md, Step 2). */
function hasCloudArchive(mailUser: FixtureRecipient): boolean {
  const guid = String(mailUser.ArchiveGuid ?? '');
  return String(mailUser.ArchiveStatus ?? '').toLowerCase() === 'active' && guid !== '' && !/^[0-]+$/.test(guid);
}

function asRestoreTarget(mailUser: FixtureRecipient): RestoreTarget {
  return {
    Name: mailUser.Name,
    Alias: String(mailUser.Alias ?? mailUser.Name),
    ExchangeGuid: String(mailUser.ExchangeGuid ?? ''),
    LegacyExchangeDN: String(mailUser.LegacyExchangeDN ?? ''),
    EmailAddresses: mailUser.EmailAddresses,
  };
}

/**
 * -TargetMailbox "specifies the GUID of the target mailbox or mail user where you want to restore content to … You
 * can find the GUID value for the mailbox or mail user by running the Get-Mailbox or Get-MailUser cmdlets"
 * (https://learn.microsoft.com/powershell/module/exchangepowershell/new-mailboxrestorerequest, -TargetMailbox, which
 * applies to Exchange Online). But "Mail users … don't have Exchange mailboxes"
 * (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailuser, Synopsis), and the cmdlet copies
 * "into a connected primary or archive mailbox" (New-MailboxRestoreRequest, Synopsis): what Exchange Online can hold
 * for a mail user is a hybrid user's cloud-based archive (create-cloud-based-archive.md). So a mail user is taken
 * with -TargetIsArchive once that archive is Active, and refused otherwise — the refusal's text is ours.
 */
function resolveRestoreTarget(state: TenantState, identity: string, params: CmdletParameters): RestoreTarget {
  if (state.findMailboxes(identity, 'active').length > 0 || state.findMailUsers(identity).length === 0) {
    return resolveSingleMailbox(state, identity, 'active');
  }
  const mailUser = resolveSingleMailUser(state, identity);
  const intoArchive = params.switch('TargetIsArchive');
  if (!intoArchive || !hasCloudArchive(mailUser)) throw exchangeErrors.mailUserWithoutMailbox(identity, intoArchive);
  return asRestoreTarget(mailUser);
}

/** Get-MailboxRestoreRequest -TargetMailbox is a MailboxOrMailUserIdParameter (Learn Get-MailboxRestoreRequest, Syntax). */
function resolveRequestOwner(state: TenantState, identity: string): { Name: string } {
  if (state.findMailboxes(identity, 'all').length > 0 || state.findMailUsers(identity).length === 0) {
    return resolveSingleMailbox(state, identity, 'all');
  }
  return resolveSingleMailUser(state, identity);
}

function chooseRequestName(state: TenantState, target: RestoreTarget, requested: string | undefined): string {
  const taken = new Set(
    state.restoreRequests
      .filter(({ request }) => request.TargetMailbox.toLowerCase() === target.Name.toLowerCase())
      .map(({ request }) => request.Name.toLowerCase()),
  );
  if (requested !== undefined) {
    if (taken.has(requested.toLowerCase())) throw exchangeErrors.restoreNameInUse(target.Name, requested);
    return requested;
  }
  const free = DEFAULT_NAMES.find((name) => !taken.has(name.toLowerCase()));
  if (!free) throw exchangeErrors.noDefaultRequestName(target.Name);
  return free;
}

function checkLegacyDn(source: FixtureMailbox, target: RestoreTarget, params: CmdletParameters): void {
  const legacyDn = source.LegacyExchangeDN.toLowerCase();
  const matches =
    target.LegacyExchangeDN.toLowerCase() === legacyDn ||
    target.EmailAddresses.some((address) => address.toLowerCase() === `x500:${legacyDn}`);
  if (!matches && !params.switch('AllowLegacyDNMismatch')) {
    throw exchangeErrors.legacyDnMismatch(source.LegacyExchangeDN, target.Name);
  }
}

export const newMailboxRestoreRequest: CmdletDefinition = {
  name: 'New-MailboxRestoreRequest',
  kind: 'write',
  parameters: [
    'SourceMailbox',
    'TargetMailbox',
    'Name',
    'TargetRootFolder',
    'SourceRootFolder',
    'ConflictResolutionOption',
    'SourceIsArchive',
    'TargetIsArchive',
    'AllowLegacyDNMismatch',
    'BadItemLimit',
    'LargeItemLimit',
    'AcceptLargeDataLoss',
    'BatchName',
    'ExcludeDumpster',
    'IncludeFolders',
    'ExcludeFolders',
    'AssociatedMessagesCopyOption',
    'Priority',
  ],
  required: ['SourceMailbox', 'TargetMailbox'],
  describeTarget: (params) => params.string('TargetMailbox') ?? '',
  run(params, { state, restoreDurationMs, warnings }) {
    const source = resolveSource(state, params.requireString('SourceMailbox'));
    const target = resolveRestoreTarget(state, params.requireString('TargetMailbox'), params);
    const name = chooseRequestName(state, target, params.string('Name'));
    checkLegacyDn(source, target, params);
    if (source.MailboxLocations.some((location) => location.split(';')[2] === 'AuxArchive')) {
      warnings.push(
        "The source mailbox has an auto-expanded archive: content in its auxiliary archive shards isn't restored.",
      );
    }
    const now = state.now();
    const request: FixtureRestoreRequest = {
      Name: name,
      Identity: `${target.Alias}\\${name}`,
      RequestGuid: state.prng.guid(),
      BatchName: params.string('BatchName') ?? '',
      Status: 'Queued',
      SourceExchangeGuid: source.ExchangeGuid,
      TargetExchangeGuid: target.ExchangeGuid,
      TargetMailbox: target.Name,
      SourceIsArchive: params.switch('SourceIsArchive'),
      TargetIsArchive: params.switch('TargetIsArchive'),
      TargetRootFolder: params.string('TargetRootFolder') ?? null,
      ConflictResolutionOption: params.string('ConflictResolutionOption') ?? 'KeepSourceItem',
      WhenCreated: formatExchangeDate(now),
    };
    const statistics = state.findStatistics(source);
    const outcome =
      state.restoreOutcomes[source.ExchangeGuid.toLowerCase()] ??
      state.restoreOutcomes[target.ExchangeGuid.toLowerCase()];
    const stored = {
      request,
      plan: {
        queuedAtMs: now,
        durationMs: restoreDurationMs,
        outcome: outcome ?? 'Completed',
        estimatedBytes: parseByteQuantity(statistics?.TotalItemSize),
        estimatedItems: statistics?.ItemCount ?? 0,
      },
    };
    state.restoreRequests.push(stored);
    return [describeRestoreRequest(stored, now)];
  },
};

/**
 * Lists requests without their statistics (Status, not PercentComplete: see STATISTICS_ONLY_PROPERTIES).
 * `-BatchName` finds the requests New-MailboxRestoreRequest was given that batch name, and like every filter it
 * returns 1000 requests unless `-ResultSize` says otherwise (Learn: Get-MailboxRestoreRequest -BatchName,
 * -ResultSize; New-MailboxRestoreRequest -BatchName, "use the name … as a string search when you use the
 * Get-MailboxRestoreRequest cmdlet").
 */
export const getMailboxRestoreRequest: CmdletDefinition = {
  name: 'Get-MailboxRestoreRequest',
  kind: 'read',
  parameters: ['Identity', 'Name', 'TargetMailbox', 'Status', 'BatchName', 'ResultSize'],
  run(params, { state, warnings }) {
    const now = state.now();
    const identity = params.string('Identity');
    if (identity !== undefined) return [describeRestoreRequest(resolveRestoreRequest(state, identity), now)];
    const resultSize = readResultSize(params);
    const targetIdentity = params.string('TargetMailbox');
    const target = targetIdentity === undefined ? undefined : resolveRequestOwner(state, targetIdentity);
    const name = params.string('Name')?.toLowerCase();
    const status = params.string('Status')?.toLowerCase();
    const batch = params.string('BatchName')?.toLowerCase();
    // The stored fields filter first: only the Status is computed from the clock, and only for the requests left.
    const matches = state.restoreRequests
      .filter(
        ({ request }) =>
          (!target || request.TargetMailbox.toLowerCase() === target.Name.toLowerCase()) &&
          (name === undefined || request.Name.toLowerCase() === name) &&
          (batch === undefined || String(request.BatchName).toLowerCase() === batch),
      )
      .map((stored) => describeRestoreRequest(stored, now))
      .filter((request) => status === undefined || String(request.Status).toLowerCase() === status);
    return limitResults(matches, resultSize, params, warnings);
  },
};

export const getMailboxRestoreRequestStatistics: CmdletDefinition = {
  name: 'Get-MailboxRestoreRequestStatistics',
  kind: 'read',
  parameters: ['Identity', 'IncludeReport', 'ReportOnly'],
  required: ['Identity'],
  run(params, { state }) {
    const stored = resolveRestoreRequest(state, params.requireString('Identity'));
    const statistics = describeRestoreStatistics(stored, state.now());
    const withReport = params.switch('IncludeReport') || params.switch('ReportOnly');
    return [withReport ? { ...statistics, Report: buildRestoreReport(statistics) } : statistics];
  },
};
