/**
 * Kills a real process (SIGKILL) in the middle of a job at several points — after a row's write but before
 * its completion was saved, before a write, at a batch boundary, and at arbitrary moments — restarts it in
 * `resume` mode each time, and checks that every row was done exactly once in the "tenant" (the ledger).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { countItems } from '../../../src/operations/model.ts';
import { FileOperationStore } from '../../../src/store/file-operation-store.ts';
import { readLines } from './ledger-executor.ts';
import { verifyAuditLog } from '../../../src/store/audit-verify.ts';
import { openHeld } from '../../store/store-test-support.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const OPERATION_ID = 'crash-op';
const ROWS = 60;
// Bounds on waiting for a child, not timing assertions: a healthy run needs a fraction of this.
const WAIT_LIMIT_MS = 60_000;

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnChild(dataDir: string, mode: 'start' | 'resume', flags: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

async function waitFor(what: string, child: Child, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  while (!(await condition())) {
    if (exitCode !== undefined) assert.fail(`the child exited (${exitCode}) before ${what}:\n${child.output()}`);
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    // Not there yet: the caller polls again.
    return false;
  }
}

/** `tear`: after the kill, the journal ends in half a line, as a power cut in the middle of a write leaves it. */
/** Appends the start of a change to the journal the snapshot names: never fsync'd, never reported saved. */
async function tearJournal(dataDir: string): Promise<void> {
  const folder = join(dataDir, 'operations');
  const snapshot = JSON.parse(await readFile(join(folder, `${OPERATION_ID}.json`), 'utf8')) as { journal: number };
  await appendFile(
    join(folder, `${OPERATION_ID}.journal-${snapshot.journal}.jsonl`),
    '{"header":{"jobId":"crash-op","sta',
  );
}

type Step = { mode: 'start' | 'resume'; hold?: string; killAtLines?: number; tear?: boolean };

const STEPS: Step[] = [
  { mode: 'start', hold: 'after-write' },
  { mode: 'resume', killAtLines: 17, tear: true },
  { mode: 'resume', hold: 'before-write' },
  { mode: 'resume', hold: 'batch-pause' },
  { mode: 'resume', killAtLines: 41 },
];

async function runKillAndResume(dataDir: string, parallel: boolean): Promise<void> {
  const ledger = join(dataDir, 'ledger.txt');
  const marker = join(dataDir, 'holding');
  const base = parallel ? ['--parallel'] : [];
  for (const step of STEPS) {
    await rm(marker, { force: true });
    const flags = step.hold === undefined ? base : [...base, `--hold=${step.hold}`];
    const child = spawnChild(dataDir, step.mode, flags);
    if (step.hold !== undefined) {
      await waitFor(`the ${step.hold} hold`, child, () => exists(marker));
    } else {
      const lines = step.killAtLines ?? 0;
      await waitFor(`${lines} ledger lines`, child, async () => (await readLines(ledger)).length >= lines);
    }
    await kill(child);
    if (step.tear === true) await tearJournal(dataDir);
  }
  const last = spawnChild(dataDir, 'resume', base);
  assert.equal(await last.exited, 0, last.output());
}

describe('crash and resume', { timeout: 4 * WAIT_LIMIT_MS }, () => {
  for (const parallel of [false, true]) {
    it(`does every row exactly once across SIGKILLs and restarts (${parallel ? 'parallel' : 'sequential'})`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'bulk-crash-'));
      try {
        await runKillAndResume(dataDir, parallel);

        const ledger = await readLines(join(dataDir, 'ledger.txt'));
        const expected = Array.from({ length: ROWS }, (_, index) => `${OPERATION_ID},${index + 2}`);
        assert.deepEqual([...ledger].sort(), [...expected].sort(), 'each row is in the ledger exactly once');

        const reconciled = await readLines(join(dataDir, 'reconciled.txt'));
        assert.ok(
          reconciled.some((line) => line.endsWith(',done')),
          'a row killed after its write was reconciled',
        );
        assert.ok(
          reconciled.some((line) => line.endsWith(',not_done')),
          'a row killed before its write was re-run',
        );

        const store = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
        const saved = await store.load(OPERATION_ID);
        await store.close();
        assert.equal(saved?.state, 'completed');
        assert.ok(saved?.items.every((item) => item.status === 'completed'));
        assert.deepEqual(saved?.totals, countItems(saved?.items ?? []));
        assert.equal(saved?.totals.completed, ROWS);
        const journals = (await readdir(join(dataDir, 'operations'))).filter((name) => name.includes('.journal-'));
        assert.deepEqual(journals, [], 'a finished job is one file');

        // The audit trail is intact and names every row's completion, crashes or not.
        const trail = await verifyAuditLog(join(dataDir, 'audit.jsonl'));
        assert.equal(trail.ok, true, trail.problem ?? '');
        const entries = (await readLines(join(dataDir, 'audit.jsonl'))).map((line) => JSON.parse(line));
        const completedRows = new Set(entries.filter((e) => e.action === 'item.completed').map((e) => e.row));
        assert.deepEqual(
          [...completedRows].sort((a, b) => a - b),
          Array.from({ length: ROWS }, (_, i) => i + 2),
        );
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
