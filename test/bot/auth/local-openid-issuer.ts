/**
 * A stand-in for login.botframework.com on 127.0.0.1: an OpenID configuration document, a JWKS with one
 * generated RSA key, and RS256 tokens signed with it (or with a key the JWKS does not hold).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalOpenIdIssuer {
  metadataUrl: string;
  /** How many times botbuilder fetched the metadata document. */
  metadataRequests(): number;
  /** An RS256 token with the given claims, signed by the published key unless `untrustedKey` is set. */
  signToken(claims: Record<string, unknown>, options?: { untrustedKey?: boolean }): string;
  close(): Promise<void>;
}

const KEY_ID = 'local-test-key';

export async function startLocalOpenIdIssuer(): Promise<LocalOpenIdIssuer> {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const untrusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = trusted.publicKey.export({ format: 'jwk' });
  let metadataRequests = 0;
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/v1/.well-known/openidconfiguration') {
      metadataRequests += 1;
      sendJson(res, {
        issuer: 'https://api.botframework.com',
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    } else if (req.url === '/v1/.well-known/keys') {
      sendJson(res, { keys: [{ ...jwk, kid: KEY_ID, use: 'sig', alg: 'RS256' }] });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    metadataRequests: () => metadataRequests,
    signToken: (claims, options) =>
      signRs256(claims, options?.untrustedKey ? untrusted.privateKey : trusted.privateKey),
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function signRs256(claims: Record<string, unknown>, privateKey: KeyObject): string {
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: KEY_ID });
  const payload = encode(claims);
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sendJson(res: ServerResponse, body: unknown): void {
  // Not chained: restify replaces http.ServerResponse#writeHead process-wide with one that returns nothing.
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}
