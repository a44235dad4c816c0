import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFileVault, type FileVault } from '../../../src/bot/files/file-vault.ts';
import {
  DOWNLOAD_NOT_RECORDED,
  LINK_NOT_VALID,
  serveSignedFile,
  type ServedFile,
} from '../../../src/bot/files/serve-file.ts';
import type { AuditEvent } from '../../../src/operations/ports.ts';
import { createLinkSigner, type LinkSigner } from '../../../src/bot/files/signed-links.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';

const NOT_VALID: ServedFile = {
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: LINK_NOT_VALID,
};

function text(served: ServedFile): string {
  return typeof served.body === 'string' ? served.body : Buffer.from(served.body).toString('utf8');
}

describe('serveSignedFile', () => {
  let dataDir = '';
  let vault: FileVault;
  let signer: LinkSigner;
  const clock = new FakeClock();
  const recorded: AuditEvent[] = [];
  const audit = {
    append: async (event: AuditEvent) => {
      recorded.push(event);
      return { ...event, seq: recorded.length, ts: clock.now().toISOString(), prevHash: '', hash: '' };
    },
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'serve-file-'));
    vault = createFileVault({ dataDir });
    signer = createLinkSigner({ secret: randomBytes(32), clock });
    await vault.put('job-a', 'results', new Uint8Array(Buffer.from('row,status\n2,completed\n')));
    await vault.put('job-b', 'results', new Uint8Array(Buffer.from('row,status\n2,failed\n')));
    await vault.put('job-b', 'audit', new Uint8Array(Buffer.from('seq,action\n1,approved\n')));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('serves the job file named in the link as a CSV download that is not cached', async () => {
    const token = signer.sign({ jobId: 'job-a', kind: 'results', fileName: 'results-job-a.csv', for: 'aad-alex' });
    const served = await serveSignedFile(token, { signer, vault, audit });
    assert.equal(served.status, 200);
    assert.deepEqual(served.headers, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="results-job-a.csv"',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    assert.equal(text(served), 'row,status\n2,completed\n');
  });

  it('answers the same 404 for a forged, a tampered, an expired or a missing file', async () => {
    const other = createLinkSigner({ secret: randomBytes(32), clock });
    const good = signer.sign({ jobId: 'job-a', kind: 'results', fileName: 'a.csv', for: 'aad-alex' }, 60_000);
    const [payload = '', signature = ''] = good.split('.');
    const tokens = {
      forged: other.sign({ jobId: 'job-a', kind: 'results', fileName: 'a.csv', for: 'aad-alex' }),
      payloadChanged: `${payload.slice(0, -2)}xx.${signature}`,
      signatureChanged: `${payload}.${signature.slice(0, -2)}xx`,
      malformed: 'not-a-token',
      noSuchFile: signer.sign({ jobId: 'job-a', kind: 'audit', fileName: 'audit.csv', for: 'aad-alex' }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      assert.deepEqual(await serveSignedFile(token, { signer, vault, audit }), NOT_VALID, name);
    }
    clock.advance(60_000);
    assert.deepEqual(await serveSignedFile(good, { signer, vault, audit }), NOT_VALID, 'expired');
  });

  it("never serves job B's files with a link made for job A", async () => {
    const tokenA = signer.sign({ jobId: 'job-a', kind: 'results', fileName: 'results.csv', for: 'aad-alex' });
    const [payload = '', signature = ''] = tokenA.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const change of [{ jobId: 'job-b' }, { jobId: 'job-b', kind: 'audit' }, { for: 'aad-megan' }]) {
      const swapped = Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url');
      assert.deepEqual(await serveSignedFile(`${swapped}.${signature}`, { signer, vault, audit }), NOT_VALID);
    }
    assert.equal(text(await serveSignedFile(tokenA, { signer, vault, audit })), 'row,status\n2,completed\n');
  });

  it('keeps quotes, line breaks and slashes in the file name out of the header', async () => {
    const fileName = 'results "Q1"\r\nSet-Cookie: a=1/..\\x';
    const served = await serveSignedFile(signer.sign({ jobId: 'job-a', kind: 'results', fileName, for: 'aad-alex' }), {
      signer,
      vault,
      audit,
    });
    const disposition = served.status === 200 ? served.headers['content-disposition'] : '';
    assert.equal(disposition, 'attachment; filename="results _Q1_ Set-Cookie: a=1_.._x.csv"');
  });

  it('gives a non-ASCII file name both an ASCII fallback and its UTF-8 spelling', async () => {
    const token = signer.sign({ jobId: 'job-a', kind: 'results', fileName: 'résultats.csv', for: 'aad-alex' });
    const served = await serveSignedFile(token, { signer, vault, audit });
    assert.equal(
      served.status === 200 ? served.headers['content-disposition'] : '',
      `attachment; filename="r_sultats.csv"; filename*=UTF-8''r%C3%A9sultats.csv`,
    );
  });

  it('names the download after its kind when the name has nothing usable left', async () => {
    const token = signer.sign({ jobId: 'job-b', kind: 'audit', fileName: '\u202e\r\n', for: 'aad-alex' });
    const served = await serveSignedFile(token, { signer, vault, audit });
    assert.equal(
      served.status === 200 ? served.headers['content-disposition'] : '',
      'attachment; filename="audit.csv"',
    );
  });

  it('records every download in the audit trail in the name of the person the link was made for', async () => {
    recorded.length = 0;
    const token = signer.sign({ jobId: 'job-b', kind: 'results', fileName: 'results-job-b.csv', for: 'aad-megan' });
    assert.equal((await serveSignedFile(token, { signer, vault, audit })).status, 200);
    assert.equal((await serveSignedFile(token, { signer, vault, audit })).status, 200);
    assert.equal(recorded.length, 2, 'each use is recorded, not only the first');
    assert.deepEqual(
      { ...recorded[0], details: { ...recorded[0]?.details, linkExpiresAt: 'x' } },
      {
        actor: 'aad-megan',
        action: 'file.downloaded',
        jobId: 'job-b',
        details: { kind: 'results', fileName: 'results-job-b.csv', bytes: 20, linkExpiresAt: 'x' },
      },
    );
  });

  it('records nothing for a link it refuses', async () => {
    recorded.length = 0;
    await serveSignedFile('not-a-token', { signer, vault, audit });
    await serveSignedFile(signer.sign({ jobId: 'job-a', kind: 'audit', fileName: 'a.csv', for: 'x' }), {
      signer,
      vault,
      audit,
    });
    assert.deepEqual(recorded, []);
  });

  it('serves nothing when the audit trail cannot record the download', async () => {
    const token = signer.sign({ jobId: 'job-a', kind: 'results', fileName: 'results.csv', for: 'aad-alex' });
    const broken = { append: () => Promise.reject(new Error('disk full')) };
    const lines: string[] = [];
    const served = await serveSignedFile(token, { signer, vault, audit: broken, log: (line) => lines.push(line) });
    assert.equal(served.status, 503);
    assert.equal(served.body, DOWNLOAD_NOT_RECORDED);
    assert.match(lines.join('\n'), /audit trail refused it/);
  });
});
