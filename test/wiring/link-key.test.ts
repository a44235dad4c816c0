import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLinkSigningKey } from '../../src/wiring/link-key.ts';

describe('the link signing key', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'link-key-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates one in the sandbox, readable only by the owner, and keeps it across restarts', async () => {
    const first = await loadLinkSigningKey({ configured: undefined, dataDir, sandbox: true });
    const again = await loadLinkSigningKey({ configured: undefined, dataDir, sandbox: true });
    assert.ok(first.byteLength >= 32);
    assert.deepEqual(again, first);
    assert.equal((await stat(join(dataDir, '.link-key'))).mode & 0o777, 0o600);
  });

  it('replaces a stored key too short to be safe', async () => {
    await writeFile(join(dataDir, '.link-key'), 'c2hvcnQ=\n');
    const key = await loadLinkSigningKey({ configured: undefined, dataDir, sandbox: true });
    assert.ok(key.byteLength >= 32);
  });

  it('uses the configured key as given', async () => {
    const key = await loadLinkSigningKey({ configured: 'k'.repeat(40), dataDir, sandbox: true });
    assert.equal(Buffer.from(key).toString('utf8'), 'k'.repeat(40));
  });

  it('refuses to make one up against a real tenant', async () => {
    await assert.rejects(loadLinkSigningKey({ configured: undefined, dataDir, sandbox: false }), {
      name: 'ConfigError',
      message: /^SECRET_LINK_SIGNING_KEY must be set/,
    });
  });
});
