import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';

/**
 * The password key could not be used: every recovery into a new mailbox would fail the same way, so the job stops
 * (`fatal`) with this sentence; `reason` completes it.
 */
export function createPasswordKeyError(reason: string, cause?: unknown): TenantError {
  return new TenantError(
    {
      code: TENANT_ERROR_CODES.passwordKeyInvalid,
      errorClass: 'fatal',
      message: `The key Exchange gave for encrypting the new mailbox's password could not be used: ${reason}`,
    },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Reads an RSA public key given as PEM or as the .NET `<RSAKeyValue>` XML that GreyCorbel/ExoHelper publishes
 * (PublicKey.xml) and hands to `RSACryptoServiceProvider.FromXmlString` (Commands/Internal/EncryptValue.ps1).
 */
export function readRsaPublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    const xml = /<Modulus>\s*([^<]+?)\s*<\/Modulus>[\s\S]*<Exponent>\s*([^<]+?)\s*<\/Exponent>/.exec(text);
    key =
      xml?.[1] && xml[2]
        ? createPublicKey({ key: { kty: 'RSA', n: toBase64Url(xml[1]), e: toBase64Url(xml[2]) }, format: 'jwk' })
        : createPublicKey(text);
  } catch (error) {
    throw createPasswordKeyError('it is not a readable RSA public key (PEM or <RSAKeyValue> XML).', error);
  }
  if (key.asymmetricKeyType !== 'rsa') throw createPasswordKeyError('it is not an RSA public key.');
  return key;
}

function toBase64Url(base64: string): string {
  return Buffer.from(base64.replace(/\s+/g, ''), 'base64').toString('base64url');
}
