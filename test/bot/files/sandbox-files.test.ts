import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSandboxFile } from '../../../src/bot/files/index.ts';

async function folders() {
  const root = await mkdtemp(join(tmpdir(), 'mrb-sandbox-files-'));
  const own = join(root, 'sandbox-files');
  const samples = join(root, 'samples');
  await mkdir(own);
  await mkdir(samples);
  await writeFile(join(samples, 'recovery.csv'), 'sample');
  await writeFile(join(samples, 'restore.csv'), 'sample restore');
  await writeFile(join(own, 'recovery.csv'), 'mine');
  await writeFile(join(root, 'secret.csv'), 'outside');
  return { root, directories: [own, samples] };
}

describe('CSV files the sandbox serves for the Playground', () => {
  it("serves the user's own file before a sample of the same name, and samples otherwise", async () => {
    const { directories } = await folders();
    const own = await serveSandboxFile('recovery.csv', { directories });
    assert.equal(own.status, 200);
    assert.equal(Buffer.from(own.body).toString(), 'mine');
    assert.equal(own.headers['content-type'], 'text/csv; charset=utf-8');
    const sample = await serveSandboxFile('restore.csv', { directories });
    assert.equal(Buffer.from(sample.body).toString(), 'sample restore');
  });

  it('reads nothing outside its folders and names where it looked', async () => {
    const { directories } = await folders();
    for (const name of ['../secret.csv', '..', 'secret.csv', '.hidden.csv', 'notes.txt', '']) {
      const answer = await serveSandboxFile(name, { directories });
      assert.equal(answer.status, 404, name);
      assert.match(
        String(answer.body),
        /^No CSV file named .*: put it in the data directory's sandbox-files folder\.$/,
      );
      assert.ok(!String(answer.body).includes(directories[0] ?? '?'), 'no folder path is shown');
    }
  });
});
