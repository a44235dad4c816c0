import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runRunCommand } from '../../src/cli/commands/run.ts';
import { openSandboxSession, type TenantSession } from '../../src/wiring/tenant-session.ts';
import { loadConfig } from '../../src/config.ts';
import type { TenantFixture } from '../../src/sandbox/fixture.ts';
import { verifyAuditLog } from '../../src/store/audit-verify.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'src', 'sandbox', 'fixtures', 'default-tenant.json');

type FixtureMailbox = TenantFixture['mailboxes'][number];

async function fixtureMailboxes(): Promise<FixtureMailbox[]> {
  return (JSON.parse(await readFile(FIXTURE, 'utf8')) as TenantFixture).mailboxes;
}

const recoverable = (m: FixtureMailbox) =>
  m.IsInactiveMailbox &&
  !m.ExternalDirectoryObjectId &&
  !(m.MailboxLocations ?? []).some((location) => /Aux/i.test(String(location)));

/** Runs `run` in-process, keeping the sandbox open afterwards so the test can read its ledger of writes. */
async function runJob(args: string[], env: Record<string, string> = {}) {
  const sessions: TenantSession[] = [];
  const output = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (t: string) => (output.stdout += t) },
    stderr: { write: (t: string) => (output.stderr += t) },
  };
  const openSandbox = async (path: string) => {
    const session = await openSandboxSession(path, { sandbox: { restoreDurationMs: 1500 } });
    sessions.push(session);
    // The command closes its session when done; keep the sandbox alive for the assertions instead.
    return { ...session, close: async () => undefined };
  };
  let code: number;
  try {
    code = await runRunCommand(args, io, loadConfig({ BULK_DELAY_BETWEEN_BATCHES_SECONDS: '0', ...env }), {
      openSandbox,
    });
  } catch (error) {
    await Promise.all(sessions.map((s) => s.close()));
    throw error;
  }
  const session = sessions[0];
  return {
    code,
    output,
    ledger: session?.sandbox?.ledger() ?? [],
    close: async () => Promise.all(sessions.map((s) => s.close())),
  };
}

describe('mailbox-recovery run', () => {
  it('recovers every ready row exactly once and writes results that match the tenant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrb-run-'));
    const sources = (await fixtureMailboxes()).filter(recoverable).slice(0, 6);
    const rows = sources.map((m, i) => `${m.ExchangeGuid},returning.${i}@contoso.com,${m.DisplayName}`);
    rows.push('00000000-0000-0000-0000-00000000dead,ghost@contoso.com,Ghost');
    await writeFile(join(dir, 'jobs.csv'), ['source_guid,target_upn,display_name', ...rows].join('\n'));
    const dataDir = join(dir, 'data');

    const refused = await runJob([join(dir, 'jobs.csv'), '--tenant-fixture', FIXTURE, '--data-dir', dataDir]);
    await refused.close();
    assert.equal(refused.code, 1);
    assert.match(refused.output.stdout, /Not run: 1 row\(s\) are blocked/);
    assert.match(refused.output.stdout, /row 8, source_guid: SOURCE_NOT_FOUND/);
    assert.deepEqual(refused.ledger, [], 'nothing was written to the tenant');

    const out = join(dir, 'results.csv');
    const run = await runJob([
      join(dir, 'jobs.csv'),
      '--tenant-fixture',
      FIXTURE,
      '--data-dir',
      dataDir,
      '--ready-only',
      '--out',
      out,
    ]);
    await run.close();
    assert.equal(run.code, 0, run.output.stdout);
    assert.match(run.output.stdout, /6 of 6 completed, 0 failed, 0 skipped \(success rate 100%\)/);

    const results = parse(await readFile(out), { bom: true, columns: true }) as Record<string, string>[];
    // Every row of the file, the one left out by --ready-only too.
    assert.deepEqual(
      results.map((r) => [r.row_number, r.status, r.new_user_principal_name]),
      [
        ...sources.map((_, i) => [String(i + 2), 'completed', `returning.${i}@contoso.com`]),
        ['8', 'blocked_at_validation', ''],
      ],
    );
    assert.match(
      results.at(-1)?.error ?? '',
      /No inactive mailbox has the ExchangeGuid 00000000-0000-0000-0000-00000000dead/,
    );
    const created = run.ledger.filter((entry) => entry.operation === 'New-Mailbox');
    assert.deepEqual(
      created.map((entry) => [entry.target.toLowerCase(), entry.outcome]).sort(),
      sources.map((m) => [m.ExchangeGuid.toLowerCase(), 'ok']).sort(),
      'one New-Mailbox per source, each once',
    );

    const audit = await verifyAuditLog(join(dataDir, 'audit.jsonl'));
    assert.equal(audit.ok, true, audit.problem ?? '');
    const lines = (await readFile(join(dataDir, 'audit.jsonl'), 'utf8')).trim().split('\n');
    const actions = lines.map((line) => JSON.parse(line).action as string);
    // The refused run is audited too: created and validated, then nothing.
    assert.deepEqual(actions.slice(0, 4), ['job.created', 'job.validated', 'job.created', 'job.validated']);
    assert.equal(actions.filter((a) => a === 'item.completed').length, 6);
    assert.ok(actions.includes('job.completed'));
    // The job the run stored ends with it: its last entry moves it from running to completed.
    const last = JSON.parse(lines.at(-1) ?? '{}') as { action: string; details: { from: string; to: string } };
    assert.deepEqual([last.action, last.details.from, last.details.to], ['job.state_changed', 'running', 'completed']);
  });

  it('releases the data directory and the tenant when the audit trail cannot be opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrb-run-'));
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'audit.jsonl'), '{"seq":1,"not":"an entry"}\n');
    const [source] = (await fixtureMailboxes()).filter(recoverable);
    await writeFile(
      join(dir, 'one.csv'),
      `source_guid,target_upn,display_name\n${source?.ExchangeGuid},x.y@contoso.com,X Y\n`,
    );
    await assert.rejects(runJob([join(dir, 'one.csv'), '--tenant-fixture', FIXTURE, '--data-dir', dataDir]), {
      code: 'AUDIT_LOG_CORRUPT',
    });
    await assert.rejects(stat(join(dataDir, '.lock')), { code: 'ENOENT' }, 'the lock was released');
  });

  it('tracks restore requests to the end and reports a FailedOther restore as such', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrb-run-'));
    const mailboxes = await fixtureMailboxes();
    const sources = mailboxes.filter(recoverable).slice(20, 22);
    const targets = mailboxes.filter((m) => !m.IsInactiveMailbox && !m.IsDirSynced).slice(0, 2);
    const rows = sources.map((m, i) => `${m.ExchangeGuid},${targets[i]?.UserPrincipalName},Restored ${i}`);
    await writeFile(join(dir, 'restore.csv'), ['source_guid,target_mailbox,target_folder', ...rows].join('\n'));
    const out = join(dir, 'restore-results.csv');
    const run = await runJob([
      join(dir, 'restore.csv'),
      '--tenant-fixture',
      FIXTURE,
      '--data-dir',
      join(dir, 'd'),
      '--out',
      out,
    ]);
    await run.close();
    const results = parse(await readFile(out), { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(results.length, 2);
    for (const result of results) {
      const finished = result.restore_status === 'Completed' || result.error?.startsWith('RESTORE_FAILED');
      assert.ok(finished, `row ${result.row_number} ended ${result.status}: ${result.error}`);
    }
    const submitted = run.ledger.filter((entry) => entry.operation === 'New-MailboxRestoreRequest');
    assert.equal(submitted.length, 2, 'each restore request submitted once');
  });
});
