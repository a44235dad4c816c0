import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { FileLinkError } from '../../../src/bot/files/file-kinds.ts';
import { createLinkSigner, DEFAULT_LINK_TTL_MS } from '../../../src/bot/files/signed-links.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';

const SECRET = randomBytes(32);
const REQUEST = { jobId: 'job-a', fileName: 'results-job-a.csv', kind: 'results', for: 'aad-alex' } as const;

function reEncodePayload(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [payload = '', signature = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('createLinkSigner', () => {
  it('verifies its own token and returns the job, the kind, the file name and the person it is for', () => {
    const clock = new FakeClock();
    const signer = createLinkSigner({ secret: SECRET, clock });
    const verdict = signer.verify(signer.sign(REQUEST));
    assert.deepEqual(verdict, {
      ok: true,
      claims: { ...REQUEST, exp: clock.now().getTime() + DEFAULT_LINK_TTL_MS },
    });
  });

  it('makes tokens that fit in a URL path segment', () => {
    const token = createLinkSigner({ secret: SECRET }).sign(REQUEST);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('keeps a link valid for one hour by default, then reports it expired', () => {
    const clock = new FakeClock();
    const signer = createLinkSigner({ secret: SECRET, clock });
    const token = signer.sign(REQUEST);
    clock.advance(DEFAULT_LINK_TTL_MS - 1);
    assert.equal(signer.verify(token).ok, true);
    clock.advance(1);
    assert.deepEqual(signer.verify(token), { ok: false, reason: 'expired' });
  });

  it('honours a shorter lifetime for one link', () => {
    const clock = new FakeClock();
    const signer = createLinkSigner({ secret: SECRET, clock });
    const token = signer.sign(REQUEST, 60_000);
    clock.advance(60_000);
    assert.deepEqual(signer.verify(token), { ok: false, reason: 'expired' });
  });

  it('refuses a token whose claims were changed to another job', () => {
    const signer = createLinkSigner({ secret: SECRET });
    const forged = reEncodePayload(signer.sign(REQUEST), (claims) => (claims.jobId = 'job-b'));
    assert.deepEqual(signer.verify(forged), { ok: false, reason: 'bad-signature' });
  });

  it('refuses a token whose expiry was pushed back', () => {
    const signer = createLinkSigner({ secret: SECRET });
    const forged = reEncodePayload(signer.sign(REQUEST), (claims) => (claims.exp = Number(claims.exp) + 1e9));
    assert.deepEqual(signer.verify(forged), { ok: false, reason: 'bad-signature' });
  });

  it('refuses a token with an altered signature', () => {
    const signer = createLinkSigner({ secret: SECRET });
    const token = signer.sign(REQUEST);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    assert.deepEqual(signer.verify(`${token.slice(0, -1)}${last}`), { ok: false, reason: 'bad-signature' });
  });

  it('refuses a token signed with another secret', () => {
    const token = createLinkSigner({ secret: randomBytes(32) }).sign(REQUEST);
    assert.deepEqual(createLinkSigner({ secret: SECRET }).verify(token), { ok: false, reason: 'bad-signature' });
  });

  it('reports tokens that are not tokens at all as malformed', () => {
    const signer = createLinkSigner({ secret: SECRET });
    for (const token of ['', 'abc', 'a.b.c', '../../etc/passwd', `${'a'.repeat(5000)}.b`, 'a b.c']) {
      assert.deepEqual(signer.verify(token), { ok: false, reason: 'malformed' }, token.slice(0, 20));
    }
  });

  it('refuses a secret shorter than 32 bytes', () => {
    assert.throws(
      () => createLinkSigner({ secret: randomBytes(31) }),
      (error) => error instanceof FileLinkError && error.code === 'WEAK_LINK_SECRET',
    );
  });

  it('is not affected when the caller later changes the secret it passed', () => {
    const secret = new Uint8Array(randomBytes(32));
    const signer = createLinkSigner({ secret });
    const token = signer.sign(REQUEST);
    secret.fill(0);
    assert.equal(signer.verify(token).ok, true);
  });

  it('refuses to sign a link for an unsafe job id, an unknown kind or nobody in particular', () => {
    const signer = createLinkSigner({ secret: SECRET });
    const bad = [
      { ...REQUEST, jobId: '../job-b' },
      { ...REQUEST, jobId: 'job/b' },
      { ...REQUEST, kind: 'secrets' as 'results' },
      { ...REQUEST, fileName: '' },
      { ...REQUEST, for: '' },
      { ...REQUEST, for: undefined as unknown as string },
    ];
    for (const request of bad) {
      assert.throws(
        () => signer.sign(request),
        (error) => error instanceof FileLinkError && error.code === 'INVALID_LINK_REQUEST',
      );
    }
  });

  it('refuses a link made before links named their person: nobody could be audited for it', () => {
    const signer = createLinkSigner({ secret: SECRET });
    const { for: _person, ...bearer } = REQUEST;
    const payload = Buffer.from(JSON.stringify({ ...bearer, exp: Date.now() + 60_000 })).toString('base64url');
    // Signed properly, with the same MAC context as the signer uses: only the missing person refuses it.
    const mac = createHmac('sha256', SECRET).update('mailbox-recovery-bot/file-link/v1\n').update(payload);
    assert.deepEqual(signer.verify(`${payload}.${mac.digest('base64url')}`), { ok: false, reason: 'malformed' });
  });
});
