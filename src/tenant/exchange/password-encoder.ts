import { constants, publicEncrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { PasswordKeySource } from './password-key-source.ts';
import { readRsaPublicKey } from './rsa-public-key.ts';

/**
 * Turns a generated password into the value sent as `Parameters.Password` of `New-Mailbox`.
 * Exchange expects a SecureString there; how a REST caller must encode it is unverified (DOMAIN.md),
 * so the choice sits behind this one interface. It may answer asynchronously (the key may have to be downloaded).
 */
export interface PasswordEncoder {
  encode(password: string): unknown;
}

/** The password as plain text: only for the sandbox tenant, which accepts it. */
export function createPlainPasswordEncoder(): PasswordEncoder {
  return { encode: (password) => password };
}

/**
 * *Unverified*: public callers of InvokeCommand encrypt the UTF-8 password with RSA PKCS#1 v1.5 under a
 * Microsoft public key and send it base64-encoded (GreyCorbel/ExoHelper Commands/Internal/EncryptValue.ps1:
 * `RSACryptoServiceProvider.Encrypt($bytes, $false)`, `$false` = PKCS#1 v1.5, then ToBase64String; and
 * Commands/Public/Invoke-ExoCommand.ps1 does so for every SecureString parameter). This one uses a key read
 * once from a file (EXCHANGE_PASSWORD_KEY_PATH): PEM or the module's `<RSAKeyValue>` XML.
 */
export function createRsaPasswordEncoder(publicKey: string): PasswordEncoder {
  const key = readRsaPublicKey(publicKey);
  return { encode: (password) => encryptPassword(key, password) };
}

/** The same encryption under a key downloaded and refreshed by `source` (see password-key-source.ts). */
export function createDownloadedKeyPasswordEncoder(source: PasswordKeySource): PasswordEncoder {
  return { encode: async (password: string) => encryptPassword(await source.getKey(), password) };
}

function encryptPassword(key: KeyObject, password: string): string {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password, 'utf8')).toString('base64');
}
