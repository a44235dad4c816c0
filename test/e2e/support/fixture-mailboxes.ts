/**
 * Rows an e2e test can run against the default sandbox tenant, picked from its fixture the way an admin
 * would pick them from an export: inactive mailboxes that nothing blocks from being recovered.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SANDBOX_FIXTURE } from '../../../src/wiring/bot-tenant.ts';

export interface RecoveryRow {
  sourceGuid: string;
  targetUpn: string;
  displayName: string;
}

interface FixtureMailbox {
  Name: string;
  Alias: string;
  DisplayName: string;
  ExchangeGuid: string;
  UserPrincipalName: string;
  EmailAddresses: string[];
  IsInactiveMailbox: boolean;
  ExternalDirectoryObjectId: string | null;
  MailboxLocations: string[];
  AutoExpandingArchiveEnabled?: boolean;
}

interface FixtureUser {
  userPrincipalName: string;
  proxyAddresses: string[];
}

interface TenantFixture {
  mailboxes: FixtureMailbox[];
  users: FixtureUser[];
  restoreOutcomes?: Record<string, RestoreOutcome>;
}

export type RestoreOutcome = 'Completed' | 'CompletedWithWarning' | 'Failed';

function readFixture(): TenantFixture {
  return JSON.parse(readFileSync(DEFAULT_SANDBOX_FIXTURE, 'utf8')) as TenantFixture;
}

/**
 * `count` inactive mailboxes that recover cleanly into `<alias>@contoso.com`: no auto-expanding archive (Microsoft
 * supports neither recovering nor restoring those), no Entra user still attached, no auxiliary primary shard, and neither the address nor the mailbox name taken by anyone else.
 */
export function pickRecoverableMailboxes(count: number): RecoveryRow[] {
  const fixture = readFixture();
  const taken = new Set<string>();
  for (const mailbox of fixture.mailboxes) {
    taken.add(mailbox.Name.toLowerCase());
    taken.add(mailbox.UserPrincipalName.toLowerCase());
    for (const address of mailbox.EmailAddresses) taken.add(address.replace(/^smtp:/i, '').toLowerCase());
  }
  for (const user of fixture.users) {
    taken.add(user.userPrincipalName.toLowerCase());
    for (const address of user.proxyAddresses) taken.add(address.replace(/^smtp:/i, '').toLowerCase());
  }
  const aliasCount = new Map<string, number>();
  for (const mailbox of fixture.mailboxes) {
    const alias = mailbox.Alias.toLowerCase();
    aliasCount.set(alias, (aliasCount.get(alias) ?? 0) + 1);
  }
  const rows = fixture.mailboxes
    .filter(
      (mailbox) =>
        mailbox.IsInactiveMailbox &&
        !mailbox.AutoExpandingArchiveEnabled &&
        !mailbox.ExternalDirectoryObjectId &&
        !mailbox.MailboxLocations.some((location) => location.includes(';AuxPrimary;')) &&
        aliasCount.get(mailbox.Alias.toLowerCase()) === 1 &&
        !taken.has(`${mailbox.Alias}@contoso.com`.toLowerCase()),
    )
    .slice(0, count)
    .map((mailbox) => ({
      sourceGuid: mailbox.ExchangeGuid,
      targetUpn: `${mailbox.Alias}@contoso.com`,
      displayName: mailbox.DisplayName,
    }));
  if (rows.length < count) throw new Error(`The fixture has only ${rows.length} cleanly recoverable mailboxes`);
  return rows;
}

/** The recovery CSV of those rows, header first. */
export function toRecoveryCsv(rows: readonly RecoveryRow[]): string {
  const lines = rows.map((row) => `${row.sourceGuid},${row.targetUpn},${row.displayName}`);
  return ['source_guid,target_upn,display_name', ...lines].join('\n') + '\n';
}

/**
 * How the fixture says a new restore request from `sourceGuid` into the mailbox at `targetAddress` ends: the
 * source's outcome, else the target's, else Completed (docs/sandbox-fixture.md, restore progress).
 */
export function fixtureRestoreOutcome(sourceGuid: string, targetAddress: string): RestoreOutcome {
  const fixture = readFixture();
  const outcomes = new Map(Object.entries(fixture.restoreOutcomes ?? {}).map(([guid, o]) => [guid.toLowerCase(), o]));
  const target = fixture.mailboxes.find(
    (mailbox) => !mailbox.IsInactiveMailbox && mailbox.UserPrincipalName.toLowerCase() === targetAddress.toLowerCase(),
  );
  return (
    outcomes.get(sourceGuid.toLowerCase()) ??
    (target === undefined ? undefined : outcomes.get(target.ExchangeGuid.toLowerCase())) ??
    'Completed'
  );
}
