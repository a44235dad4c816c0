import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { countItems, createItem } from '../../src/operations/model.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import { makeOperation, useTempDirs, openHeld } from './store-test-support.ts';

const OPEN_STORE_SCRIPT = fileURLToPath(new URL('./fixtures/open-store.ts', import.meta.url));

function operationFile(dataDir: string, jobId: string): string {
  return join(dataDir, 'operations', `${jobId}.json`);
}

async function readSavedItemCount(path: string): Promise<number> {
  const document = JSON.parse(await readFile(path, 'utf8')) as { operation: { items: unknown[] } };
  return document.operation.items.length;
}

function readSavedItemCountNow(path: string): number {
  const document = JSON.parse(readFileSync(path, 'utf8')) as { operation: { items: unknown[] } };
  return document.operation.items.length;
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

describe('FileOperationStore', () => {
  const makeTempDir = useTempDirs();

  it('loads back exactly the operation it saved', async () => {
    const store = await openHeld(await makeTempDir(), (held) => FileOperationStore.open({ dataDir: held }));
    const operation = makeOperation('op-1');
    await store.save(operation);
    assert.deepEqual(await store.load('op-1'), operation);
    assert.equal(await store.load('op-unknown'), undefined);
    await store.close();
  });

  it('still has the operation after the store is closed and opened again', async () => {
    const dataDir = await makeTempDir();
    const first = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    const operation = makeOperation('op-1', { items: 3 });
    await first.save(operation);
    await first.close();

    const second = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    assert.deepEqual(await second.load('op-1'), operation);
    await second.close();
  });

  it('writes the newest state of the saved object, and hands out copies the caller cannot change', async () => {
    const store = await openHeld(await makeTempDir(), (held) => FileOperationStore.open({ dataDir: held }));
    const operation = makeOperation('op-1');
    const saved = store.save(operation);
    operation.state = 'cancelled';
    await saved;
    assert.equal((await store.load('op-1'))?.state, 'cancelled', 'a newer state of the same operation');
    operation.state = 'running';
    await store.save(operation);
    const loaded = await store.load('op-1');
    if (loaded) loaded.state = 'failed';
    assert.equal((await store.load('op-1'))?.state, 'running');
    await store.close();
  });

  it('lists operations newest first', async () => {
    const store = await openHeld(await makeTempDir(), (held) => FileOperationStore.open({ dataDir: held }));
    await store.save(makeOperation('op-middle', { startedAt: '2025-02-01T00:00:00.000Z' }));
    await store.save(makeOperation('op-newest', { startedAt: '2025-03-01T00:00:00.000Z' }));
    await store.save(makeOperation('op-oldest', { startedAt: '2025-01-01T00:00:00.000Z' }));
    const listed = await store.list();
    assert.deepEqual(
      listed.map((operation) => operation.jobId),
      ['op-newest', 'op-middle', 'op-oldest'],
    );
    await store.close();
  });

  it('refuses a job id that could escape the operations folder', async () => {
    const store = await openHeld(await makeTempDir(), (held) => FileOperationStore.open({ dataDir: held }));
    for (const jobId of ['../evil', 'a/b', '.hidden', '', 'x'.repeat(200)]) {
      await assert.rejects(store.save(makeOperation(jobId)), { code: 'INVALID_JOB_ID' });
      await assert.rejects(store.load(jobId), { code: 'INVALID_JOB_ID' });
    }
    await store.close();
  });

  it('refuses saves after it is closed', async () => {
    const store = await openHeld(await makeTempDir(), (held) => FileOperationStore.open({ dataDir: held }));
    await store.close();
    await assert.rejects(store.save(makeOperation('op-1')), { code: 'STORE_CLOSED' });
  });

  it('tells a second process that the data directory is in use, and leaves the saved files untouched', async () => {
    const dataDir = await makeTempDir();
    const store = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    await store.save(makeOperation('op-1', { items: 5 }));
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
    const store = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    await store.close();
    const second = await runInSecondProcess(dataDir);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /opened/);
  });

  it('merges 1,000 rapid saves into far fewer writes, and every save resolves with its state on disk', async () => {
    const dataDir = await makeTempDir();
    let writes = 0;
    const store = await openHeld(dataDir, (held) =>
      FileOperationStore.open({ dataDir: held, onWrite: () => (writes += 1) }),
    );
    const operation = makeOperation('op-big', { items: 0 });
    const path = operationFile(dataDir, 'op-big');
    const saves: Promise<void>[] = [];
    const seenOnDiskAtResolve: number[] = [];

    for (let index = 0; index < 1000; index += 1) {
      operation.items.push(
        createItem({
          rowNumber: index + 2,
          sourceIdentity: `u${index}@contoso.com`,
          targetIdentity: null,
          additionalData: {},
        }),
      );
      operation.totals = countItems(operation.items);
      const itemsInThisState = operation.items.length;
      const saved = store.save(operation);
      if (itemsInThisState % 100 === 0) {
        // Read synchronously in the resolution callback, so no later write can land in between.
        saves.push(
          saved.then(() => {
            seenOnDiskAtResolve.push(readSavedItemCountNow(path) - itemsInThisState);
          }),
        );
      } else {
        saves.push(saved);
      }
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(saves);

    assert.ok(writes < 100, `expected far fewer than 1,000 writes, got ${writes}`);
    assert.equal(await readSavedItemCount(path), 1000);
    assert.equal(seenOnDiskAtResolve.length, 10);
    assert.ok(
      seenOnDiskAtResolve.every((newerBy) => newerBy >= 0),
      'a save resolved before its state was on disk',
    );
    await store.close();
  });

  it('writes a waiting save on close instead of waiting out the write interval', { timeout: 10_000 }, async () => {
    const dataDir = await makeTempDir();
    const store = await openHeld(dataDir, (held) =>
      FileOperationStore.open({ dataDir: held, minWriteIntervalMs: 600_000 }),
    );
    const operation = makeOperation('op-1');
    await store.save(operation);
    operation.state = 'completed';
    const waiting = store.save(operation);
    await store.close();
    await waiting;
    const reopened = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    assert.equal((await reopened.load('op-1'))?.state, 'completed');
    await reopened.close();
  });

  it('never exposes a half-written file to a reader, even while saving continuously', async () => {
    const dataDir = await makeTempDir();
    const store = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held, minWriteIntervalMs: 0 }));
    const operation = makeOperation('op-1', { items: 3000 });
    await store.save(operation);
    const path = operationFile(dataDir, 'op-1');
    let saving = true;

    const writer = (async () => {
      for (let round = 0; round < 40; round += 1) {
        operation.durationSeconds = round;
        await store.save(operation);
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
    await store.close();
  });

  it('keeps the previous state when a write was interrupted before it replaced the file', async () => {
    const dataDir = await makeTempDir();
    const first = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    const operation = makeOperation('op-1');
    await first.save(operation);
    await first.close();
    // What a crash mid-write leaves behind: a partial temp file beside the real one.
    await writeFile(join(dataDir, 'operations', '.op-1.json.tmp'), '{"formatVersion":1,"operation":{"opera');

    const second = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    assert.deepEqual(await second.load('op-1'), operation);
    assert.deepEqual(
      (await second.list()).map((listed) => listed.jobId),
      ['op-1'],
    );
    await second.close();
  });

  it('says which file is damaged when a saved operation is not valid JSON', async () => {
    const dataDir = await makeTempDir();
    const store = await openHeld(dataDir, (held) => FileOperationStore.open({ dataDir: held }));
    await writeFile(operationFile(dataDir, 'op-1'), '{"formatVersion":1,');
    await assert.rejects(store.load('op-1'), { code: 'STORED_OPERATION_CORRUPT', message: /op-1\.json/ });
    await store.close();
  });
});
