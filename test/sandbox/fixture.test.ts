import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  FixtureError,
  generateTenantFixture,
  loadTenantFixture,
  type FixtureMailbox,
} from '../../src/sandbox/fixture.ts';

const DEFAULT_FIXTURE = fileURLToPath(new URL('../../src/sandbox/fixtures/default-tenant.json', import.meta.url));
const REFERENCE_MS = Date.parse('2025-06-01T00:00:00Z');
const DAY_MS = 86_400_000;

describe('tenant fixture generator', () => {
  const fixture = generateTenantFixture();
  const inactive = fixture.mailboxes.filter((m) => m.IsInactiveMailbox);
  const active = fixture.mailboxes.filter((m) => !m.IsInactiveMailbox);
  const count = (test: (m: FixtureMailbox) => boolean) => inactive.filter(test).length;

  it('gives identical JSON for the same seed and different JSON for another seed', () => {
    assert.equal(
      JSON.stringify(generateTenantFixture({ seed: 5 })),
      JSON.stringify(generateTenantFixture({ seed: 5 })),
    );
    assert.notEqual(
      JSON.stringify(generateTenantFixture({ seed: 5 })),
      JSON.stringify(generateTenantFixture({ seed: 6 })),
    );
  });

  it('matches the committed default fixture', async () => {
    const committed = JSON.parse(await readFile(DEFAULT_FIXTURE, 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(fixture)));
  });

  it('holds 300 inactive mailboxes by default, each kept by at least one hold', () => {
    assert.equal(inactive.length, 300);
    for (const mailbox of inactive) {
      const held =
        mailbox.LitigationHoldEnabled ||
        mailbox.InPlaceHolds.length > 0 ||
        mailbox.ComplianceTagHoldApplied ||
        mailbox.DelayHoldApplied ||
        mailbox.DelayReleaseHoldApplied === true;
      assert.ok(held, `${mailbox.Name} has no hold`);
    }
  });

  it('has every kind of hold', () => {
    const holds = inactive.flatMap((m) => m.InPlaceHolds);
    for (const pattern of [/^UniH/, /^mbx/, /^skp/, /^grp/, /^cld/, /^-mbx/, /^[0-9a-f]{32}$/]) {
      assert.ok(
        holds.some((h) => pattern.test(h)),
        `no InPlaceHolds entry like ${pattern}`,
      );
    }
    assert.ok(count((m) => m.LitigationHoldEnabled) > 0);
    assert.ok(count((m) => m.ComplianceTagHoldApplied) > 0);
    assert.ok(count((m) => m.DelayHoldApplied) > 0);
    assert.ok(count((m) => m.DelayReleaseHoldApplied === true) > 0);
  });

  it('has about 5% AuxPrimary shards, some auto-expanded archives and some soft-deleted under 30 days', () => {
    const auxPrimary = count((m) => m.MailboxLocations.some((l) => l.split(';')[2] === 'AuxPrimary'));
    assert.ok(auxPrimary >= 10 && auxPrimary <= 20, `AuxPrimary: ${auxPrimary}`);
    assert.ok(count((m) => m.MailboxLocations.some((l) => l.split(';')[2] === 'AuxArchive')) > 0);
    const recent = inactive.filter((m) => Boolean(m.ExternalDirectoryObjectId));
    assert.ok(recent.length >= 10 && recent.length <= 20, `recent: ${recent.length}`);
    for (const mailbox of recent) assert.ok(REFERENCE_MS - Date.parse(mailbox.WhenSoftDeleted ?? '') < 30 * DAY_MS);
  });

  it('has inactive mailboxes whose primary SMTP address an active user holds', () => {
    const activeAddresses = new Set(fixture.users.map((u) => u.mail?.toLowerCase()));
    assert.ok(count((m) => activeAddresses.has(m.PrimarySmtpAddress.toLowerCase())) > 0);
  });

  it('has synced users with synced mailboxes, and synced mail users whose mailbox is on-premises', () => {
    const synced = fixture.users.filter((u) => u.onPremisesSyncEnabled === true);
    const mailUsers = (fixture.recipients ?? []).filter((r) => r.RecipientTypeDetails === 'MailUser');
    assert.ok(synced.length > 0);
    assert.equal(mailUsers.length, 3);
    for (const user of synced) {
      const holder =
        active.find((m) => m.ExternalDirectoryObjectId === user.id) ??
        mailUsers.find((m) => m.ExternalDirectoryObjectId === user.id);
      assert.equal(holder?.IsDirSynced, true, user.userPrincipalName);
    }
  });

  it('has a verified and an unverified custom domain besides the initial domain', () => {
    const domains = Object.fromEntries(fixture.domains.map((d) => [d.id, d.isVerified]));
    assert.deepEqual(domains, { 'contoso.com': true, 'fabrikam.com': false, 'contoso.onmicrosoft.com': true });
  });

  it('has a SKU with 3 free units, one with none and one with plenty', () => {
    const free = Object.fromEntries(
      fixture.subscribedSkus.map((s) => [s.skuPartNumber, s.prepaidUnits.enabled - s.consumedUnits]),
    );
    assert.deepEqual(free, { ENTERPRISEPACK: 3, SPE_E5: 0, EXCHANGEENTERPRISE: 200 });
  });

  it('marks some restore sources to end Failed and some CompletedWithWarning', () => {
    const outcomes = Object.values(fixture.restoreOutcomes ?? {});
    assert.ok(outcomes.includes('Failed'));
    assert.ok(outcomes.includes('CompletedWithWarning'));
    assert.ok(fixture.restoreRequests.some((r) => r.Status === 'InProgress'));
  });
});

describe('loadTenantFixture', () => {
  it('loads the committed default fixture', async () => {
    const fixture = await loadTenantFixture(DEFAULT_FIXTURE);
    assert.equal(fixture.mailboxes.length, 400);
  });

  it('names each field that is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-fixture-'));
    try {
      const broken = generateTenantFixture({ inactiveMailboxes: 3, activeUsers: 2 });
      const path = join(dir, 'broken.json');
      const mailbox = broken.mailboxes[1] as unknown as Record<string, unknown>;
      delete mailbox.ExchangeGuid;
      mailbox.IsInactiveMailbox = 'yes';
      await writeFile(path, JSON.stringify({ ...broken, domains: 'contoso.com' }));
      await assert.rejects(loadTenantFixture(path), (error: unknown) => {
        assert.ok(error instanceof FixtureError);
        assert.equal(error.code, 'SANDBOX_FIXTURE_INVALID');
        assert.deepEqual(error.issues, [
          'domains: expected an array',
          'mailboxes[1].ExchangeGuid: expected a GUID',
          'mailboxes[1].IsInactiveMailbox: expected true or false',
        ]);
        assert.match(error.message, /broken\.json/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says when the file is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-fixture-'));
    try {
      const path = join(dir, 'bad.json');
      await writeFile(path, '{ not json');
      await assert.rejects(loadTenantFixture(path), /is not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
