import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlAuditLog } from '../../src/store/jsonl-audit-log.ts';
import { AUDIT_ACTIONS } from '../../src/operations/audit-actions.ts';
import { openHeld } from '../store/store-test-support.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mailbox-recovery.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed command exactly as an admin would: `node bin/mailbox-recovery.js …`, no build step. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const options = { cwd, env: { PATH: process.env.PATH, ...env } };
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tempDir = () => mkdtemp(join(tmpdir(), 'mrb-cli-'));

describe('mailbox-recovery command line', () => {
  for (const type of ['recovery', 'restore', 'validate', 'export'] as const) {
    it(`writes a ${type} template that validates cleanly`, async () => {
      const dir = await tempDir();
      const made = await cli(['template', type, '--out', 'file.csv'], dir);
      assert.equal(made.code, 0, made.stderr);
      const checked = await cli(['validate', 'file.csv', '--type', type, '--json'], dir);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      const json = JSON.parse(checked.stdout);
      assert.equal(json.type, type);
      assert.deepEqual(
        json.issues.filter((i: { severity: string }) => i.severity === 'error'),
        [],
      );
    });
  }

  it('writes a template even when an unrelated tenant setting is wrong', async () => {
    const dir = await tempDir();
    const run = await cli(['template', 'restore'], dir, { TENANT_ID: 'contoso.onmicrosoft.com' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^source_guid,target_mailbox/);
    const validate = await cli(['audit', 'verify'], dir, { TENANT_ID: 'contoso.onmicrosoft.com' });
    assert.match(validate.stderr, /CLIENT_ID must be set too/);
  });

  it('exits 1 and names the row, column and code of each problem in a bad file', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'bad.csv'),
      'Source GUID,Target UPN,Display Name\r\n{0B6F1B2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B},jdoe@,Jane Doe\r\nnot-a-guid,a@contoso.com,A\r\n',
    );
    const run = await cli(['validate', 'bad.csv', '--json', '--report', 'report.csv'], dir);
    assert.equal(run.code, 1);
    const json = JSON.parse(run.stdout);
    assert.equal(json.type, 'recovery');
    assert.deepEqual(json.items[0], {
      rowNumber: 2,
      sourceIdentity: '0b6f1b2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      targetIdentity: 'jdoe@',
      additionalData: { display_name: 'Jane Doe', target_smtp: 'jdoe@' },
    });
    const found = json.issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code]);
    assert.deepEqual(found, [
      [2, 'target_upn', 'INVALID_EMAIL'],
      [3, 'source_guid', 'INVALID_GUID'],
    ]);
    const report = await readFile(join(dir, 'report.csv'), 'utf8');
    assert.ok(report.startsWith('\uFEFFSource GUID,Target UPN,Display Name,status,issues'), report);
    assert.match(report, /jdoe@,Jane Doe,blocked,"?INVALID_EMAIL/);
  });

  it('prints a readable summary without --json', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'one.csv'), 'source_guid,target_mailbox\n0b6f1b2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b,nobody\n');
    const run = await cli(['validate', 'one.csv'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /one\.csv: restore, 1 row — 0 ready .*1 blocked/);
    assert.match(run.stdout, /row 2, target_mailbox: INVALID_EMAIL/);
  });

  const usageCases: [string, string[], RegExp][] = [
    ['no command', [], /Usage: mailbox-recovery/],
    ['an unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
    ['an unknown type', ['validate', 'x.csv', '--type', 'delete'], /--type must be one of/],
    ['a missing file', ['validate', 'missing.csv'], /Cannot open missing\.csv: it does not exist/],
    ['an unknown option', ['template', 'recovery', '--force'], /Unknown option --force/],
    ['a template without a type', ['template'], /template needs one type/],
  ];
  for (const [name, args, message] of usageCases) {
    it(`exits 2 with one clear sentence for ${name}`, async () => {
      const run = await cli(args, await tempDir());
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace');
    });
  }

  it('verifies an intact audit trail and names the first altered entry of a tampered one', async () => {
    const dataDir = await tempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    for (let row = 2; row <= 6; row += 1) {
      await log.append({ actor: 'system', action: AUDIT_ACTIONS.itemCompleted, jobId: 'op-1', row, details: {} });
    }
    await log.close();
    const intact = await cli(['audit', 'verify', '--data-dir', dataDir], dataDir);
    assert.equal(intact.code, 0, intact.stdout);
    assert.match(intact.stdout, /intact: 5 entries/);

    const path = join(dataDir, 'audit.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = (lines[2] as string).replace('"row":4', '"row":40');
    await writeFile(path, lines.join('\n'));
    const tampered = await cli(['audit', 'verify', '--data-dir', dataDir], dataDir);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /FAILED verification at seq 3/);
  });

  it('reports a trail whose last entries were deleted, naming the first missing seq', async () => {
    const dataDir = await tempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    for (let row = 2; row <= 6; row += 1) {
      await log.append({ actor: 'system', action: AUDIT_ACTIONS.itemCompleted, jobId: 'op-1', row, details: {} });
    }
    await log.close();
    const path = join(dataDir, 'audit.jsonl');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    await writeFile(path, `${lines.slice(0, 3).join('\n')}\n`);
    const cut = await cli(['audit', 'verify', '--data-dir', dataDir], dataDir);
    assert.equal(cut.code, 1);
    assert.match(
      cut.stdout,
      /FAILED verification at seq 4: entries 4–5 are missing from the end: the trail ends at entry 3/,
    );
  });
});
