/**
 * Recovery files for the tenant benchmark: one row per inactive mailbox, each with a new, unused UPN on the
 * verified domain and no licence columns (the fixture has too few free licences for hundreds of users).
 */
import { importCsv, readyItems } from '../../src/operations/csv/index.ts';
import type { BulkOperationItem } from '../../src/operations/model.ts';
import { buildTenantSnapshot, runPreflight } from '../../src/operations/preflight/index.ts';
import type { TenantFixture } from '../../src/sandbox/fixture.ts';
import { openBenchTenant } from './bench-tenant.ts';

const VERIFIED_DOMAIN = 'contoso.com';

export function inactiveMailboxGuids(fixture: TenantFixture): string[] {
  return fixture.mailboxes.filter((mailbox) => mailbox.IsInactiveMailbox).map((mailbox) => mailbox.ExchangeGuid);
}

/** Row i recovers `sources[i]` as `bench.recovered.<i>@contoso.com`: unique, and no fixture name starts so. */
export function buildRecoveryCsv(sources: readonly string[]): Buffer {
  const lines = ['source_guid,target_upn,display_name,first_name,last_name,department'];
  sources.forEach((guid, index) => {
    const number = String(index + 1).padStart(5, '0');
    lines.push(
      `${guid},bench.recovered.${number}@${VERIFIED_DOMAIN},Recovered ${number},Recovered,${number},Benchmark`,
    );
  });
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The file's items, through the real importer; throws when any row has a format error. */
export function importRecoveryFile(bytes: Uint8Array): BulkOperationItem[] {
  const imported = importCsv(bytes, { type: 'recovery' });
  const errors = imported.issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0 || imported.type !== 'recovery') {
    throw new Error(`The benchmark's recovery file does not import cleanly: ${errors[0]?.message ?? 'no type'}`);
  }
  return imported.items;
}

/**
 * The first `count` inactive mailboxes the pre-flight lets through for recovery (warnings such as holds are
 * fine; under-30-day soft deletes and AuxPrimary shards are not), checked against a fast copy of the tenant.
 */
export async function selectRecoverableSources(fixture: TenantFixture, count: number): Promise<string[]> {
  const candidates = inactiveMailboxGuids(fixture);
  const imported = importCsv(buildRecoveryCsv(candidates), { type: 'recovery' });
  const tenant = await openBenchTenant(fixture, { slow: false });
  try {
    const snapshot = await buildTenantSnapshot(imported.items, 'recovery', tenant.connection);
    const ready = readyItems(imported, runPreflight(imported.items, 'recovery', snapshot));
    if (ready.length < count) {
      throw new Error(`Only ${ready.length} inactive mailboxes pass pre-flight; the benchmark needs ${count}.`);
    }
    return ready.slice(0, count).map((item) => item.sourceIdentity);
  } finally {
    await tenant.close();
  }
}
