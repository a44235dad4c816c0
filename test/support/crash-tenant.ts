/**
 * What the crash tests (test/cli/crash-resume.test.ts through the command line, test/e2e/bot-crash-resume.test.ts
 * through the bot) share: a sandbox tenant in its own process that outlives every kill, as a real tenant does; a
 * recovery file of its inactive mailboxes; seeded kill moments; and the check that matters at the end — every
 * step of every row happened exactly once in the tenant's ledger.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTenantFixture } from '../../src/sandbox/fixture.ts';
import type { LedgerEntry } from '../../src/sandbox/ledger.ts';
import { verifyAuditLog } from '../../src/store/audit-verify.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface CrashTenant {
  /** e.g. http://127.0.0.1:50123 */
  url: string;
  /** The recovery file: one ready row per inactive mailbox, each to `crash.<i>@contoso.com`. */
  csv: string;
  rows: number;
  /** The tenant's writes that succeeded. */
  ledger(): Promise<LedgerEntry[]>;
  close(): void;
}

export interface CrashTenantOptions {
  rows: number;
  /** Mean latency of each tenant call. */
  latencyMs: number;
}

/** A seeded generator: the kill moments differ from kill to kill but a test is repeatable. */
export function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Writes a fixture into `dir` and starts `src/sandbox/main.ts` on it, as its own process. */
export async function startCrashTenant(dir: string, options: CrashTenantOptions): Promise<CrashTenant> {
  const fixture = generateTenantFixture({ seed: 7, inactiveMailboxes: Math.max(40, options.rows * 2), activeUsers: 5 });
  const sku = fixture.subscribedSkus[0];
  assert.ok(sku);
  sku.prepaidUnits.enabled = 1000; // licences are not what a crash test is about
  const fixturePath = join(dir, 'tenant.json');
  await writeFile(fixturePath, JSON.stringify(fixture));
  const sources = fixture.mailboxes
    .filter((m) => m.IsInactiveMailbox && !m.ExternalDirectoryObjectId)
    .filter((m) => !(m.MailboxLocations ?? []).some((location) => /Aux/i.test(String(location))))
    .slice(0, options.rows);
  assert.equal(sources.length, options.rows, 'the fixture has enough mailboxes to recover');
  const rows = sources.map((m, i) => `${m.ExchangeGuid},crash.${i}@contoso.com,Crash ${i},${sku.skuPartNumber},US`);
  const csv = ['source_guid,target_upn,display_name,license_sku,usage_location', ...rows].join('\n');

  const args = ['--import', 'tsx', join(ROOT, 'src', 'sandbox', 'main.ts'), '--fixture', fixturePath, '--quiet'];
  const child = spawn(process.execPath, [...args, '--latency-ms', String(options.latencyMs)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await readSandboxUrl(child);
  return {
    url,
    csv,
    rows: options.rows,
    ledger: async () =>
      ((await (await fetch(`${url}/_sandbox/ledger`)).json()) as LedgerEntry[]).filter((e) => e.outcome === 'ok'),
    close: () => child.kill('SIGKILL'),
  };
}

function readSandboxUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /Ledger:\s+(http:\/\/127\.0\.0\.1:\d+)\/_sandbox\/ledger/.exec(text);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`the sandbox exited: ${text}`)));
  });
}

/** How many recovered users the tenant finished: licensed, the last step of a recovery row. */
export function licensedUsers(ledger: readonly LedgerEntry[]): number {
  return ledger.filter((e) => e.api === 'graph' && e.operation.endsWith('/assignLicense')).length;
}

/**
 * Exactly once, each step of each row, whatever the kills: one New-Mailbox per target, and each recovered user
 * (Graph names them by object id) located once and licensed once.
 */
export function assertEveryStepOnce(ledger: readonly LedgerEntry[], rows: number): void {
  const count = (match: (entry: LedgerEntry) => boolean) => ledger.filter(match).length;
  for (let i = 0; i < rows; i += 1) {
    const upn = `crash.${i}@contoso.com`;
    const mailboxes = count((e) => e.operation === 'New-Mailbox' && JSON.stringify(e.parameters).includes(upn));
    assert.equal(mailboxes, 1, `${upn}: New-Mailbox ${mailboxes} times`);
  }
  const steps = new Map<string, string[]>();
  for (const entry of ledger.filter((e) => e.api === 'graph')) {
    const step = entry.operation.endsWith('/assignLicense')
      ? 'licence'
      : 'usageLocation' in entry.parameters
        ? 'location'
        : entry.operation;
    steps.set(entry.target, [...(steps.get(entry.target) ?? []), step]);
  }
  assert.equal(steps.size, rows, `${steps.size} users were written to`);
  for (const [user, done] of steps)
    assert.deepEqual(done.sort(), ['licence', 'location'], `user ${user}: ${done.join(', ')}`);
}

/** The audit trail after the kills: how many rows found in progress were reconciled, and whether it verifies. */
export async function checkAuditTrail(dataDir: string): Promise<{ reconciled: number }> {
  const path = join(dataDir, 'audit.jsonl');
  const trail = (await readFile(path, 'utf8')).trim().split('\n');
  const audit = await verifyAuditLog(path);
  assert.equal(audit.ok, true, audit.problem ?? '');
  return { reconciled: trail.filter((line) => line.includes('"item.reconciled"')).length };
}
