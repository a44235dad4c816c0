import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileLinkError } from '../../../src/bot/files/file-kinds.ts';
import { createFileVault, type FileVault } from '../../../src/bot/files/file-vault.ts';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));

describe('createFileVault', () => {
  let dataDir = '';
  let vault: FileVault;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'file-vault-'));
    vault = createFileVault({ dataDir });
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('stores a job file under files/<jobId>/<kind>.csv and reads it back', async () => {
    await vault.put('job-a', 'results', bytes('row,status\n'));
    assert.equal(await readFile(join(dataDir, 'files', 'job-a', 'results.csv'), 'utf8'), 'row,status\n');
    assert.deepEqual(await vault.get({ jobId: 'job-a', kind: 'results' }), bytes('row,status\n'));
  });

  it('replaces a file written again and leaves no temporary file behind', async () => {
    await vault.put('job-r', 'audit', bytes('first\n'));
    await vault.put('job-r', 'audit', bytes('second\n'));
    assert.deepEqual(await vault.get({ jobId: 'job-r', kind: 'audit' }), bytes('second\n'));
    assert.deepEqual(await readdir(join(dataDir, 'files', 'job-r')), ['audit.csv']);
  });

  it('answers null for a file that was never stored', async () => {
    assert.equal(await vault.get({ jobId: 'job-none', kind: 'validation-report' }), null);
  });

  it('cannot be pointed outside its folder', async () => {
    for (const jobId of ['../outside', '..', '.', 'a/b', 'a\\b', '', '/etc']) {
      await assert.rejects(
        vault.put(jobId, 'results', bytes('x')),
        (error) => error instanceof FileLinkError && error.code === 'UNSAFE_FILE_NAME',
        jobId,
      );
      assert.equal(await vault.get({ jobId, kind: 'results' }), null, jobId);
    }
    assert.equal(await vault.get({ jobId: 'job-a', kind: '../../x' as 'results' }), null);
    assert.deepEqual(await readdir(dataDir), ['files']);
  });
});
