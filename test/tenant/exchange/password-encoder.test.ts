import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { createPlainPasswordEncoder, createRsaPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Decrypts raw and strips PKCS#1 v1.5 type 2 padding by hand: proves the padding, not just the round trip. */
function decryptPkcs1(base64: string, key: KeyObject): string {
  const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(base64, 'base64'));
  assert.equal(block[0], 0x00);
  assert.equal(block[1], 0x02);
  const separator = block.indexOf(0x00, 2);
  assert.ok(separator >= 10, 'at least eight bytes of random padding');
  return block.subarray(separator + 1).toString('utf8');
}

describe('password encoders', () => {
  it('passes the password through unchanged for the sandbox', () => {
    assert.equal(createPlainPasswordEncoder().encode('Pa55-wörd'), 'Pa55-wörd');
  });

  it('encrypts the UTF-8 password with RSA PKCS#1 v1.5 under a PEM key, base64-encoded', () => {
    const encoder = createRsaPasswordEncoder(publicKey.export({ type: 'spki', format: 'pem' }).toString());

    const first = encoder.encode('Pa55-wörd');
    const second = encoder.encode('Pa55-wörd');

    assert.equal(typeof first, 'string');
    assert.notEqual(first, second);
    assert.equal(decryptPkcs1(String(first), privateKey), 'Pa55-wörd');
  });

  it('accepts the module’s <RSAKeyValue> XML form of the key', () => {
    const jwk = publicKey.export({ format: 'jwk' });
    const toBase64 = (value: string | undefined) => Buffer.from(value ?? '', 'base64url').toString('base64');
    const xml = `<RSAKeyValue><Modulus>${toBase64(jwk.n)}</Modulus><Exponent>${toBase64(jwk.e)}</Exponent></RSAKeyValue>`;

    const encoded = createRsaPasswordEncoder(xml).encode('secret-1');

    assert.equal(decryptPkcs1(String(encoded), privateKey), 'secret-1');
  });

  it('refuses a key it cannot read, without echoing it', () => {
    assert.throws(
      () => createRsaPasswordEncoder('not a key'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PASSWORD_KEY_INVALID');
        assert.ok(!error.message.includes('not a key'));
        return true;
      },
    );
  });
});
