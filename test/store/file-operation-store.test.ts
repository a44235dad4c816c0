import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { BulkOperationResult } from '../../src/operations/model.ts';
import type { OperationChange } from '../../src/operations/ports.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import { makeOperation, openHeld, rowChange, useTempDirs, wholeChange } from './store-test-support.ts';

const OPEN_STORE_SCRIPT = fileURLToPath(new URL('./fixtures/open-store.ts', import.meta.url));

function operationFile(dataDir: string, jobId: string): string {
  return join(dataDir, 'operations', `${jobId}.json`);
}

/**
 * What is on disk right now, read synchronously (no write can land in between): the snapshot and the journal
 * lines that carry on from it, applied the way the store replays them.
 */
function readSavedNow(dataDir: string, jobId: string): BulkOperationResult {
  const folder = join(dataDir, 'operations');
  const snapshot = JSON.parse(readFileSync(operationFile(dataDir, jobId), 'utf8')) as {
    journal: number;
    operation: BulkOperationResult;
  };
  const operation = snapshot.operation;
  const journals = readdirSync(folder)
    .map((name) => new RegExp(`^${jobId}\\.journal-(\\d+)\\.jsonl$`).exec(name)?.[1])
    .filter((generation): generation is string => generation !== undefined && Number(generation) >= snapshot.journal)
    .sort((a, b) => Number(a) - Number(b));
  for (const generation of journals) {
    const text = readFileSync(join(folder, `${jobId}.journal-${generation}.jsonl`), 'utf8');
    for (const line of wholeLines(text)) {
      const change = JSON.parse(line) as OperationChange;
      Object.assign(operation, change.header);
      for (const row of change.rows) {
        const at = operation.items.findIndex((item) => item.rowNumber === row.rowNumber);
        if (at === -1) operation.items.push(row);
        else operation.items[at] = row;
      }
    }
  }
  return operation;
}

/**
 * A journal's whole lines: up to the file's zeros (it is grown ahead of its lines) and up to the last newline
 * before them (a later change may be half-way into the file: it is not saved until its newline is).
 */
function wholeLines(text: string): string[] {
  const zeros = text.indexOf('\u0000');
  const whole = text.slice(0, text.lastIndexOf('\n', zeros === -1 ? text.length : zeros) + 1);
  return whole.split('\n').filter((candidate) => candidate !== '');
}

function journalFiles(dataDir: string, jobId: string): string[] {
  return readdirSync(join(dataDir, 'operations')).filter((name) => name.startsWith(`${jobId}.journal-`));
}

function runInSecondProcess(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', OPEN_STORE_SCRIPT, dataDir], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The store of `dataDir`, its directory held as the bot holds it. */
function openStore(dataDir: string): Promise<FileOperationStore> {
  return openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
}

/** Closes `store` and opens the same data directory again. */
async function reopen(store: FileOperationStore, dataDir: string): Promise<FileOperationStore> {
  await store.close();
  return openStore(dataDir);
}

describe('FileOperationStore', () => {
  const makeTempDir = useTempDirs();

  it('loads back exactly the operation it saved', async () => {
    const store = await openStore(await makeTempDir());
    const operation = makeOperation('op-1');
    await store.append(wholeChange(operation));
    assert.deepEqual(await store.load('op-1'), operation);
    assert.equal(await store.load('op-unknown'), undefined);
    await store.close();
  });

  it('still has the operation after the store is closed and opened again', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 3 });
    await first.append(wholeChange(operation));
    await first.close();

    const second = await openStore(dataDir);
    assert.deepEqual(await second.load('op-1'), operation);
    await second.close();
  });

  it('saves the change as it was when appended, and hands out copies the caller cannot change', async () => {
    const store = await openStore(await makeTempDir());
    const operation = makeOperation('op-1');
    const saved = store.append(wholeChange(operation));
    operation.state = 'cancelled';
    await saved;
    assert.equal((await store.load('op-1'))?.state, 'running', 'a later edit is not saved without a change');
    await store.append(rowChange(operation, []));
    const loaded = await store.load('op-1');
    if (loaded) loaded.state = 'failed';
    assert.equal((await store.load('op-1'))?.state, 'cancelled');
    await store.close();
  });

  it('lists operations newest first', async () => {
    const store = await openStore(await makeTempDir());
    await store.append(wholeChange(makeOperation('op-middle', { startedAt: '2025-02-01T00:00:00.000Z' })));
    await store.append(wholeChange(makeOperation('op-newest', { startedAt: '2025-03-01T00:00:00.000Z' })));
    await store.append(wholeChange(makeOperation('op-oldest', { startedAt: '2025-01-01T00:00:00.000Z' })));
    const listed = await store.list();
    assert.deepEqual(
      listed.map((operation) => operation.jobId),
      ['op-newest', 'op-middle', 'op-oldest'],
    );
    await store.close();
  });

  it('refuses a job id that could escape the operations folder', async () => {
    const store = await openStore(await makeTempDir());
    for (const jobId of ['../evil', 'a/b', '.hidden', '', 'x'.repeat(200)]) {
      await assert.rejects(store.append(wholeChange(makeOperation(jobId))), { code: 'INVALID_JOB_ID' });
      await assert.rejects(store.load(jobId), { code: 'INVALID_JOB_ID' });
    }
    await store.close();
  });

  it('refuses saves after it is closed', async () => {
    const store = await openStore(await makeTempDir());
    await store.close();
    await assert.rejects(store.append(wholeChange(makeOperation('op-1'))), { code: 'STORE_CLOSED' });
  });

  it('tells a second process that the data directory is in use, and leaves the saved files untouched', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    await store.append(wholeChange(makeOperation('op-1', { items: 5 })));
    const before = await readFile(operationFile(dataDir, 'op-1'), 'utf8');

    const second = await runInSecondProcess(dataDir);

    assert.notEqual(second.code, 0);
    assert.match(
      second.stderr,
      new RegExp(`The data directory .+ is in use by another Mailbox Recovery process \\(pid ${process.pid}\\)`),
    );
    assert.equal(await readFile(operationFile(dataDir, 'op-1'), 'utf8'), before);
    await store.close();
  });

  it('lets another process open the data directory once it is closed', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    await store.close();
    const second = await runInSecondProcess(dataDir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /opened/);
  });

  it('shares one fsync among changes that arrive together, and resolves each only once it is on disk', async () => {
    const dataDir = await makeTempDir();
    let writes = 0;
    const store = await openHeld(dataDir, (held) =>
      FileOperationStore.open({ dataDir: held, onWrite: () => (writes += 1) }),
    );
    const operation = makeOperation('op-big', { items: 1000 });
    await store.append(wholeChange(operation));
    const saves: Promise<void>[] = [];
    const notOnDiskAtResolve: number[] = [];
    for (const [index, item] of operation.items.entries()) {
      item.status = 'completed';
      item.attempts = 1;
      operation.durationSeconds = index;
      const saved = store.append(rowChange(operation, [item.rowNumber]));
      // Read synchronously in the resolution callback, so no later write can land in between.
      saves.push(
        saved.then(() => {
          const onDisk = readSavedNow(dataDir, 'op-big');
          const row = onDisk.items.find((candidate) => candidate.rowNumber === item.rowNumber);
          if (row?.status !== 'completed' || onDisk.durationSeconds < index) notOnDiskAtResolve.push(item.rowNumber);
        }),
      );
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(saves);

    assert.ok(writes < 100, `expected far fewer than 1,000 writes, got ${writes}`);
    assert.deepEqual(notOnDiskAtResolve, [], 'a change resolved before it was on disk');
    assert.equal(readSavedNow(dataDir, 'op-big').items.filter((item) => item.status === 'completed').length, 1000);
    await store.close();
  });

  it('appends a row step to the journal instead of rewriting the operation', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 500 });
    await store.append(wholeChange(operation));
    const snapshotBefore = await readFile(operationFile(dataDir, 'op-1'), 'utf8');
    const item = operation.items[7];
    assert.ok(item);
    for (const step of ['in_progress', 'completed'] as const) {
      item.status = step;
      await store.append(rowChange(operation, [item.rowNumber]));
    }
    assert.equal(await readFile(operationFile(dataDir, 'op-1'), 'utf8'), snapshotBefore, 'the snapshot is untouched');
    const [journal] = journalFiles(dataDir, 'op-1');
    assert.ok(journal);
    const lines = wholeLines(await readFile(join(dataDir, 'operations', journal), 'utf8'));
    assert.equal(lines.length, 2);
    assert.ok(lines.every((line) => (JSON.parse(line) as OperationChange).rows.length === 1));
    assert.equal((await store.load('op-1'))?.items[7]?.status, 'completed');
    await store.close();
  });

  it('replays the journal after a crash, leaving out a torn last line, and carries on after it', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 3 });
    await first.append(wholeChange(operation));
    const [row2, row3, row4] = operation.items;
    assert.ok(row2 && row3 && row4);
    row2.status = 'completed';
    await first.append(rowChange(operation, [2]));
    row3.status = 'in_progress';
    await first.append(rowChange(operation, [3]));
    await first.close();
    const [journal] = journalFiles(dataDir, 'op-1');
    assert.ok(journal);
    // What a power cut in the middle of a write leaves: the start of a line, never fsync'd, never reported saved.
    await appendFile(join(dataDir, 'operations', journal), '{"header":{"jobId":"op-1","state":"compl');

    const second = await openStore(dataDir);
    const replayed = await second.load('op-1');
    assert.deepEqual(
      replayed?.items.map((item) => item.status),
      ['completed', 'in_progress', 'pending'],
    );
    assert.equal(replayed?.state, 'running');
    row4.status = 'failed';
    await second.append(rowChange(operation, [4]));
    await second.close();

    const third = await openStore(dataDir);
    assert.deepEqual(
      (await third.load('op-1'))?.items.map((item) => item.status),
      ['completed', 'in_progress', 'failed'],
    );
    await third.close();
  });

  it('replays the journal up to a zero-filled gap a power cut left, dropping what lies after it, and carries on', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 3 });
    await first.append(wholeChange(operation));
    const [row2, row3, row4] = operation.items;
    assert.ok(row2 && row3 && row4);
    row2.status = 'completed';
    await first.append(rowChange(operation, [2]));
    await first.close();
    const [journal] = journalFiles(dataDir, 'op-1');
    assert.ok(journal);
    // Two writes were under way: the later one reached the disk, the earlier one only as zeros. Neither was
    // reported saved (a change resolves only once every change before it is on disk).
    const later = JSON.stringify(rowChange({ ...operation, state: 'failed' }, []));
    await appendFile(
      join(dataDir, 'operations', journal),
      Buffer.concat([Buffer.alloc(300), Buffer.from(`${later}\n`)]),
    );

    const second = await openStore(dataDir);
    const replayed = await second.load('op-1');
    assert.equal(replayed?.state, 'running', 'the change after the gap was never saved');
    assert.deepEqual(
      replayed?.items.map((item) => item.status),
      ['completed', 'pending', 'pending'],
    );
    row3.status = 'failed';
    await second.append(rowChange(operation, [3]));
    await second.close();

    const text = await readFile(join(dataDir, 'operations', journal), 'utf8');
    assert.ok(!text.includes(later), 'what lay after the gap is gone');
    assert.equal(wholeLines(text).length, 2, 'the next change went where the gap began');
    const third = await openStore(dataDir);
    assert.deepEqual(
      (await third.load('op-1'))?.items.map((item) => item.status),
      ['completed', 'failed', 'pending'],
    );
    assert.equal((await third.load('op-1'))?.state, 'running');
    await third.close();
  });

  it('grows the journal file ahead of its lines, so a row step does not change its length', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 50 });
    await store.append(wholeChange(operation));
    const lengths: number[] = [];
    for (const item of operation.items) {
      item.status = 'completed';
      await store.append(rowChange(operation, [item.rowNumber]));
      const [journal] = journalFiles(dataDir, 'op-1');
      assert.ok(journal);
      lengths.push((await stat(join(dataDir, 'operations', journal))).size);
    }
    const text = await readFile(join(dataDir, 'operations', 'op-1.journal-1.jsonl'), 'utf8');
    assert.equal(wholeLines(text).length, 50);
    const rest = text.slice(text.lastIndexOf('\n') + 1);
    assert.ok(rest.length > 0 && rest.replaceAll('\u0000', '') === '', 'the rest of the file is zeros');
    assert.ok(new Set(lengths).size < 5, `the length changed ${new Set(lengths).size - 1} times in 50 steps`);
    await store.close();

    const reopened = await openStore(dataDir);
    assert.deepEqual(await reopened.load('op-1'), operation);
    operation.state = 'completed';
    await reopened.append(rowChange(operation, []));
    assert.deepEqual(readSavedNow(dataDir, 'op-1'), operation);
    await reopened.close();
  });

  it('keeps every change, in order, made while a saved job is still being read back', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 2000 });
    await first.append(wholeChange(operation));
    await first.close();

    const second = await openStore(dataDir);
    // A change made the moment the read is done, while the changes that waited for it are still going in.
    const late = second.load('op-1').then(() => {
      operation.durationSeconds = 99;
      return second.append(rowChange(operation, []));
    });
    const saves: Promise<void>[] = [];
    for (const item of operation.items.slice(0, 30)) {
      item.status = 'completed';
      saves.push(second.append(rowChange(operation, [item.rowNumber])));
    }
    await Promise.all([...saves, late]);
    const inMemory = await second.load('op-1');
    const third = await reopen(second, dataDir);
    const onDisk = await third.load('op-1');
    await third.close();
    for (const loaded of [inMemory, onDisk]) {
      assert.equal(loaded?.items.filter((item) => item.status === 'completed').length, 30);
      assert.equal(loaded?.durationSeconds, 99);
    }
  });

  it('keeps the audit outbox beside the operation until the events are appended', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const operation = makeOperation('op-1');
    const event = { actor: 'system', action: 'item.completed', jobId: 'op-1', row: 2, details: {} };
    await first.append({
      ...wholeChange(operation),
      unaudited: [
        { id: 'e1', event },
        { id: 'e2', event },
      ],
    });
    await first.append({ ...rowChange(operation, []), audited: ['e1'] });
    await first.close();

    const second = await openStore(dataDir);
    assert.deepEqual(await second.unaudited('op-1'), [{ id: 'e2', event }]);
    assert.deepEqual(await second.load('op-1'), operation, 'the outbox is not part of the operation');
    await second.close();
    assert.doesNotMatch(
      JSON.stringify(JSON.parse(await readFile(operationFile(dataDir, 'op-1'), 'utf8')).operation),
      /unaudited/,
    );
  });

  it('writes a finished job as one file, and reads it back the same', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 4 });
    await store.append(wholeChange(operation));
    for (const item of operation.items) {
      item.status = 'completed';
      await store.append(rowChange(operation, [item.rowNumber]));
    }
    assert.equal(journalFiles(dataDir, 'op-1').length, 1);
    operation.state = 'completed';
    await store.append(rowChange(operation, []));
    assert.deepEqual(journalFiles(dataDir, 'op-1'), []);
    assert.deepEqual(readSavedNow(dataDir, 'op-1'), operation);
    assert.deepEqual(await store.load('op-1'), operation);
    await store.close();
  });

  it('compacts a long journal into a new snapshot, and ignores a journal a crash left behind it', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 10 });
    await store.append(wholeChange(operation));
    const firstJournal = join(dataDir, 'operations', 'op-1.journal-1.jsonl');
    for (let step = 0; step < 1200; step += 1) {
      operation.durationSeconds = step;
      await store.append(rowChange(operation, [2 + (step % 10)]));
    }
    assert.deepEqual(journalFiles(dataDir, 'op-1'), ['op-1.journal-2.jsonl'], 'the first journal was compacted');
    await store.close();
    // A crash between writing the new snapshot and deleting the old journal leaves the old one behind.
    await writeFile(
      firstJournal,
      `${JSON.stringify({ ...rowChange(operation, []), header: { ...operation, state: 'failed' } })}\n`,
    );

    const reopened = await openStore(dataDir);
    const loaded = await reopened.load('op-1');
    assert.equal(loaded?.state, 'running');
    assert.equal(loaded?.durationSeconds, 1199);
    await reopened.close();
  });

  it('reads and migrates an operation an earlier version saved, its outbox moved beside it', async () => {
    const dataDir = await makeTempDir();
    const operation = makeOperation('old-op');
    const event = { actor: 'system', action: 'item.completed', jobId: 'old-op', row: 2, details: {} };
    const engine = { pass: 'main', deferredRows: [], stop: null };
    await mkdir(join(dataDir, 'operations'), { recursive: true });
    await writeFile(
      operationFile(dataDir, 'old-op'),
      JSON.stringify(
        { formatVersion: 1, operation: { ...operation, engine: { ...engine, unaudited: [event] } } },
        null,
        2,
      ),
    );

    const store = await openStore(dataDir);
    const migrated = JSON.parse(await readFile(operationFile(dataDir, 'old-op'), 'utf8')) as { formatVersion: number };
    assert.equal(migrated.formatVersion, 2, 'rewritten in the current format when the store opened');
    assert.deepEqual(await store.load('old-op'), { ...operation, engine });
    assert.deepEqual(
      (await store.unaudited('old-op')).map((entry) => entry.event),
      [event],
    );
    operation.state = 'completed';
    await store.append(rowChange({ ...operation, engine } as BulkOperationResult, []));
    assert.equal((await store.load('old-op'))?.state, 'completed');
    await store.close();
  });

  it('never exposes a half-written snapshot to a reader, even while rewriting it continuously', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    const operation = makeOperation('op-1', { items: 3000 });
    operation.state = 'completed';
    await store.append(wholeChange(operation));
    const path = operationFile(dataDir, 'op-1');
    let saving = true;

    const writer = (async () => {
      // A finished job is written as a whole snapshot on every change.
      for (let round = 0; round < 40; round += 1) {
        operation.durationSeconds = round;
        await store.append(rowChange(operation, [2]));
      }
      saving = false;
    })();
    let reads = 0;
    while (saving) {
      const text = await readFile(path, 'utf8');
      assert.doesNotThrow(() => JSON.parse(text), 'a reader saw a partial file');
      reads += 1;
    }
    await writer;
    assert.ok(reads > 0);
    assert.equal((await store.load('op-1'))?.durationSeconds, 39);
    await store.close();
  });

  it('keeps the previous state when a write was interrupted before it replaced the file', async () => {
    const dataDir = await makeTempDir();
    const first = await openStore(dataDir);
    const operation = makeOperation('op-1');
    await first.append(wholeChange(operation));
    await first.close();
    // What a crash mid-write leaves behind: a partial temp file beside the real one.
    await writeFile(join(dataDir, 'operations', '.op-1.json.tmp'), '{"formatVersion":1,"operation":{"opera');

    const second = await openStore(dataDir);
    assert.deepEqual(await second.load('op-1'), operation);
    assert.deepEqual(
      (await second.list()).map((listed) => listed.jobId),
      ['op-1'],
    );
    await second.close();
  });

  it('says which file is damaged when a saved operation is not valid JSON', async () => {
    const dataDir = await makeTempDir();
    const store = await openStore(dataDir);
    await writeFile(operationFile(dataDir, 'op-1'), '{"formatVersion":1,');
    await assert.rejects(store.load('op-1'), { code: 'STORED_OPERATION_CORRUPT', message: /op-1\.json/ });
    await store.close();
  });
});
