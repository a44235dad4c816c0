import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { TenantError } from '../../operations/tenant-ports.ts';

/**
 * Turns a generated password into the value sent as `Parameters.Password` of `New-Mailbox`.
 * Exchange expects a SecureString there; how a REST caller must encode it is unverified (DOMAIN.md),
 * so the choice sits behind this one interface.
 */
export interface PasswordEncoder {
  encode(password: string): unknown;
}

/** The password as plain text: only for the sandbox tenant, which accepts it. */
export function createPlainPasswordEncoder(): PasswordEncoder {
  return { encode: (password) => password };
}

/**
 * A real tenant without the encryption key: sending the password in clear to Exchange is not an option, so
 * recovery into a new mailbox fails with one clear sentence (restore, validate and export need no password).
 */
export function createMissingKeyPasswordEncoder(): PasswordEncoder {
  return {
    encode: () => {
      throw new TenantError({
        code: 'PASSWORD_KEY_MISSING',
        errorClass: 'fatal',
        message:
          'Recovering into a new mailbox needs the Exchange password key: set EXCHANGE_PASSWORD_KEY_PATH and run the job again.',
      });
    },
  };
}

/**
 * *Unverified*: public callers of InvokeCommand encrypt the UTF-8 password with RSA PKCS#1 v1.5 under a
 * Microsoft public key shipped in the ExchangeOnlineManagement module, and send it base64-encoded.
 * The key is a setting (Microsoft rotates it), given as PEM or as the module's `<RSAKeyValue>` XML.
 */
export function createRsaPasswordEncoder(publicKey: string): PasswordEncoder {
  const key = readPublicKey(publicKey);
  return {
    encode: (password) =>
      publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password, 'utf8')).toString('base64'),
  };
}

function readPublicKey(text: string): KeyObject {
  try {
    const xml = /<Modulus>\s*([^<]+?)\s*<\/Modulus>[\s\S]*<Exponent>\s*([^<]+?)\s*<\/Exponent>/.exec(text);
    if (xml?.[1] && xml[2]) {
      const jwk = { kty: 'RSA', n: toBase64Url(xml[1]), e: toBase64Url(xml[2]) };
      return createPublicKey({ key: jwk, format: 'jwk' });
    }
    return createPublicKey(text);
  } catch (error) {
    throw new TenantError(
      {
        code: 'PASSWORD_KEY_INVALID',
        errorClass: 'fatal',
        message: 'The Exchange password encryption key is not a readable RSA public key (PEM or <RSAKeyValue> XML).',
      },
      { cause: error },
    );
  }
}

function toBase64Url(base64: string): string {
  return Buffer.from(base64, 'base64').toString('base64url');
}
