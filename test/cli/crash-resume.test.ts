/**
 * A command-line job killed with SIGKILL at random moments and carried on as the CLI tells the user to (run the
 * file; when it says a job was interrupted, `resume`), against a sandbox tenant in its own process that outlives
 * every kill — as a real tenant does. At the end every ready row's every step happened exactly once in the
 * tenant's ledger, nothing is half done, the results file lists every row and the audit trail verifies.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import {
  assertEveryStepOnce,
  checkAuditTrail,
  randomFrom,
  ROOT,
  startCrashTenant,
  type CrashTenant,
} from '../support/crash-tenant.ts';

const CLI = join(ROOT, 'bin', 'mailbox-recovery.js');
// bench/crash-resume.bench.ts runs the same test larger (CRASH_ROWS, CRASH_KILLS).
const ROWS = Number(process.env['CRASH_ROWS'] ?? 20);
const KILLS = Number(process.env['CRASH_KILLS'] ?? 6);
const children: ChildProcess[] = [];
let sandbox: CrashTenant | undefined;

after(() => {
  for (const child of children) child.kill('SIGKILL');
  sandbox?.close();
});

interface CliRun {
  code: number | null;
  killed: boolean;
  stdout: string;
}

/** Runs the CLI in its own process; with `killAfterMs`, SIGKILLs it then unless it ended first. */
function runCliProcess(args: string[], killAfterMs?: number): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, BULK_DELAY_BETWEEN_BATCHES_SECONDS: '0', BULK_MAX_CONCURRENCY: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let killed = false;
  const timer =
    killAfterMs === undefined ? undefined : setTimeout(() => ((killed = true), child.kill('SIGKILL')), killAfterMs);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && code === null, stdout });
    });
  });
}

describe('a command-line job killed at random moments', () => {
  it('ends with every ready row recovered, licensed and located exactly once, results complete, audit intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrb-crash-'));
    // Each tenant call takes this long, so a job outlasts the kill moments (0.9–2.4 s after each start): the store's
    // own saves no longer stretch it out (issue 12), the tenant's latency must.
    sandbox = await startCrashTenant(dir, { rows: ROWS, latencyMs: 100 });
    const file = join(dir, 'rows.csv');
    await writeFile(file, sandbox.csv);
    const common = ['--tenant-url', sandbox.url, '--data-dir', join(dir, 'data'), '--out', join(dir, 'results.csv')];
    // CRASH_SEED picks other kill moments (bench/ runs many).
    const random = randomFrom(Number(process.env['CRASH_SEED'] ?? 13));

    // The user's loop: run the file; when the CLI says a job was interrupted, resume it, as it says to.
    let kills = 0;
    let last: CliRun | undefined;
    for (let attempt = 0; attempt < KILLS * 4 + 10; attempt += 1) {
      const listing = await runCliProcess(['jobs', '--data-dir', join(dir, 'data')]);
      const interrupted = /was interrupted/.test(listing.stdout);
      const args = interrupted ? ['resume', ...common] : ['run', file, '--ready-only', ...common];
      last = await runCliProcess(args, kills < KILLS ? 900 + Math.floor(random() * 1500) : undefined);
      if (last.killed) {
        kills += 1;
        continue;
      }
      if (kills >= KILLS) break;
      if (/Finished \(completed\)/.test(last.stdout)) break;
    }
    assert.equal(kills, KILLS, `killed ${kills} times`);
    assert.match(last?.stdout ?? '', /Finished \(completed\)|No interrupted job/, last?.stdout);

    assertEveryStepOnce(await sandbox.ledger(), ROWS);

    const results = parse(await readFile(join(dir, 'results.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    assert.equal(results.length, ROWS, 'the results list every row');
    assert.ok(
      results.every((row) => row['status'] === 'completed'),
      JSON.stringify(results.map((row) => row['status'])),
    );
    const { reconciled } = await checkAuditTrail(join(dir, 'data'));
    console.log(`killed ${kills} times; ${reconciled} row(s) found in progress were checked against the tenant`);
    const jobs = await runCliProcess(['jobs', '--data-dir', join(dir, 'data')]);
    assert.doesNotMatch(jobs.stdout, /interrupted/);
  });
});
