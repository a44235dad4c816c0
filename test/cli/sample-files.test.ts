/**
 * The sample files `sample recovery|restore|validate|export` hands a newcomer must go through as the welcome text
 * promises (read the card, Submit, Approve): no row blocked against the default sandbox tenant. A fixture change
 * that blocks a sample row (as auto-expanding archives once did) fails here, not in a newcomer's first minute.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SANDBOX_FIXTURE } from '../../src/wiring/bot-tenant.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'mailbox-recovery.js');

function validate(file: string, type: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [BIN, 'validate', file, '--type', type, '--json', '--tenant-fixture', DEFAULT_SANDBOX_FIXTURE];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the sample files against the default sandbox tenant', () => {
  for (const type of ['recovery', 'restore', 'validate', 'export'] as const) {
    it(`has no blocked row in the ${type} sample`, async () => {
      const run = await validate(join(ROOT, 'src', 'bot', 'samples', `${type}.csv`), type);
      const report = JSON.parse(run.stdout) as { items: unknown[]; issues: { severity: string; message: string }[] };
      const errors = report.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message);
      assert.deepEqual(errors, []);
      assert.ok(report.items.length >= 1, 'the sample has rows');
      assert.equal(run.code, 0, run.stderr);
    });
  }
});
