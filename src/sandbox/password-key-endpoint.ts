/**
 * `GET /PublicKey.xml`: the public key a client encrypts `-Password` SecureString parameters under, in the shape
 * GreyCorbel/ExoHelper downloads it (PublicKey.xml at the root of that repository, served as text: a .NET
 * `<RSAKeyValue>` with base64 `<Modulus>` and `<Exponent>`). The sandbox makes its own key pair, on first request;
 * New-Mailbox drops whatever password it receives, so the private half is never used.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { HttpReply } from './http-io.ts';

export const PASSWORD_KEY_PATH = '/PublicKey.xml';

export interface PasswordKeyEndpoint {
  reply(): Promise<HttpReply>;
}

const generateRsaKeyPair = promisify(generateKeyPair);

export function createPasswordKeyEndpoint(): PasswordKeyEndpoint {
  let xml: Promise<string> | undefined;
  return {
    async reply() {
      xml ??= generateRsaKeyPair('rsa', { modulusLength: 2048 }).then(({ publicKey }) => {
        const jwk = publicKey.export({ format: 'jwk' });
        return `<RSAKeyValue><Modulus>${toBase64(jwk.n)}</Modulus><Exponent>${toBase64(jwk.e)}</Exponent></RSAKeyValue>`;
      });
      return { status: 200, text: await xml };
    },
  };
}

function toBase64(base64Url: string | undefined): string {
  return Buffer.from(base64Url ?? '', 'base64url').toString('base64');
}
