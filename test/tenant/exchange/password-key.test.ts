import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ExchangeGateway, GraphGateway, MailboxRecord } from '../../../src/operations/tenant-ports.ts';
import { TenantError } from '../../../src/operations/tenant-ports.ts';
import { generateTenantFixture } from '../../../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import type { SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createDownloadedKeyPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import type { PasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createPasswordKeySource } from '../../../src/tenant/exchange/password-key-source.ts';
import { createGraphGateway } from '../../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { startStubServer } from '../support/stub-server.ts';
import type { StubServer } from '../support/stub-server.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const KEY_SENTENCE = "The key Exchange gave for encrypting the new mailbox's password could not be used: ";

describe('the SecureString password key, downloaded and refreshed as GreyCorbel/ExoHelper does', () => {
  const fixture = generateTenantFixture({ seed: 11, inactiveMailboxes: 6, activeUsers: 2 });
  const stubs: StubServer[] = [];
  let sandbox: SandboxTenant;
  let graph: GraphGateway;
  let keyDownloads = 0;

  before(async () => {
    sandbox = await startSandboxTenant({ fixture, port: 0 });
    graph = createGraphGateway({ baseUrl: sandbox.graphBaseUrl, tokens: createStaticTokenProvider('t') });
  });

  after(async () => {
    await Promise.all([sandbox.close(), ...stubs.map((stub) => stub.close())]);
  });

  const countingFetch: typeof fetch = (input, init) => {
    keyDownloads += 1;
    return fetch(input, init);
  };

  function createGateway(passwords: PasswordEncoder): ExchangeGateway {
    const client = new InvokeCommandClient({
      baseUrl: sandbox.exchangeBaseUrl,
      tenantId: sandbox.tenantId,
      tokens: createStaticTokenProvider('t'),
    });
    return createExchangeGateway(client, passwords);
  }

  async function recoverOne(exchange: ExchangeGateway, source: MailboxRecord): Promise<MailboxRecord> {
    const [domain] = (await graph.listDomains()).filter((d) => d.isVerified && d.supportedServices.includes('Email'));
    assert.ok(domain);
    return exchange.newMailboxFromInactive({
      inactiveMailbox: source.exchangeGuid,
      name: `Back ${source.name}`,
      displayName: `Back ${source.displayName}`,
      microsoftOnlineServicesId: `back.${source.alias || source.exchangeGuid.slice(0, 8)}@${domain.id}`,
      password: 'Generated-Pa55!',
      resetPasswordOnNextLogon: true,
    });
  }

  async function recoverableSources(exchange: ExchangeGateway): Promise<MailboxRecord[]> {
    return (await exchange.listInactiveMailboxes()).filter(
      (mailbox) =>
        !mailbox.externalDirectoryObjectId &&
        !mailbox.mailboxLocations.some((location) => location.includes(';AuxPrimary;')),
    );
  }

  async function captureError(promise: Promise<unknown>): Promise<TenantError> {
    const error = await promise.then(
      () => assert.fail('expected the recovery to fail'),
      (reason: unknown) => reason,
    );
    assert.ok(error instanceof TenantError, `expected a TenantError, got ${String(error)}`);
    return error;
  }

  function newMailboxCalls(): number {
    return sandbox.ledger().filter((entry) => entry.operation === 'New-Mailbox').length;
  }

  it('recovers two mailboxes with a key downloaded once from where the sandbox serves it', async () => {
    keyDownloads = 0;
    const source = createPasswordKeySource({ url: sandbox.passwordKeyUrl, fetch: countingFetch });
    const exchange = createGateway(createDownloadedKeyPasswordEncoder(source));
    const [first, second] = await recoverableSources(exchange);
    assert.ok(first && second, 'the fixture holds two recoverable mailboxes');

    const recovered = await Promise.all([recoverOne(exchange, first), recoverOne(exchange, second)]);

    assert.equal(recovered.length, 2);
    assert.ok(recovered.every((mailbox) => !mailbox.isInactiveMailbox));
    assert.equal(keyDownloads, 1);
  });

  it('downloads the key again once the copy it holds is seven days old, not before', async () => {
    keyDownloads = 0;
    let nowMs = Date.parse('2026-03-01T00:00:00Z');
    const source = createPasswordKeySource({ url: sandbox.passwordKeyUrl, fetch: countingFetch, now: () => nowMs });

    await source.getKey();
    nowMs += 7 * DAY_MS - 1;
    await source.getKey();
    assert.equal(keyDownloads, 1);
    nowMs += 1;
    await source.getKey();
    assert.equal(keyDownloads, 2);
  });

  it('fails a recovery with a sentence naming the key problem when the key cannot be downloaded', async () => {
    const missing = new URL('/no-such-key.xml', sandbox.url).href;
    const exchange = createGateway(createDownloadedKeyPasswordEncoder(createPasswordKeySource({ url: missing })));
    const [source] = await recoverableSources(exchange);
    assert.ok(source);
    const before = newMailboxCalls();

    const error = await captureError(recoverOne(exchange, source));

    assert.equal(
      error.message,
      `${KEY_SENTENCE}downloading it from ${new URL(sandbox.url).host} failed with HTTP 404.`,
    );
    assert.equal(error.code, 'PASSWORD_KEY_INVALID');
    assert.equal(error.errorClass, 'fatal');
    assert.equal(newMailboxCalls(), before, 'nothing was sent to Exchange');
  });

  it('fails a recovery with a sentence naming the key problem when the download is not a key', async () => {
    const stub = await startStubServer(() => ({
      headers: { 'content-type': 'text/html' },
      body: '<html>moved</html>',
    }));
    stubs.push(stub);
    const exchange = createGateway(createDownloadedKeyPasswordEncoder(createPasswordKeySource({ url: stub.origin })));
    const [source] = await recoverableSources(exchange);
    assert.ok(source);

    const error = await captureError(recoverOne(exchange, source));

    assert.equal(error.message, `${KEY_SENTENCE}it is not a readable RSA public key (PEM or <RSAKeyValue> XML).`);
    assert.equal(error.errorClass, 'fatal');
  });

  it('does not keep using an aged key when downloading the new one fails', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const stub = await startStubServer((_request, index) => (index === 0 ? { body: pem } : { status: 503, body: '' }));
    stubs.push(stub);
    let nowMs = 0;
    const source = createPasswordKeySource({ url: `${stub.origin}/key.pem`, now: () => nowMs });
    const encoder = createDownloadedKeyPasswordEncoder(source);

    assert.equal(typeof (await encoder.encode('first')), 'string');
    nowMs = 8 * DAY_MS;
    const error = await captureError(Promise.resolve(encoder.encode('second')));

    assert.match(
      error.message,
      /^The key Exchange gave .* could not be used: downloading it from .* failed with HTTP 503\.$/,
    );
  });

  it('encrypts under the downloaded key with PKCS#1 v1.5, as ExoHelper does, so its holder can read it', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const toBase64 = (value: string | undefined) => Buffer.from(value ?? '', 'base64url').toString('base64');
    // The layout of ExoHelper's PublicKey.xml: the modulus on its own indented line.
    const xml = `<RSAKeyValue>\n    <Modulus>\n        ${toBase64(jwk.n)}\n    </Modulus>\n    <Exponent>${toBase64(jwk.e)}</Exponent>\n</RSAKeyValue>\n`;
    const stub = await startStubServer(() => ({ headers: { 'content-type': 'text/plain' }, body: xml }));
    stubs.push(stub);
    const encoder = createDownloadedKeyPasswordEncoder(createPasswordKeySource({ url: stub.origin }));

    const encoded = String(await encoder.encode('Pa55-wörd'));

    // Node no longer unpads PKCS#1 v1.5 on decryption: strip the type 2 padding by hand, which proves it too.
    const block = privateDecrypt(
      { key: privateKey, padding: constants.RSA_NO_PADDING },
      Buffer.from(encoded, 'base64'),
    );
    assert.deepEqual([block[0], block[1]], [0x00, 0x02]);
    assert.equal(block.subarray(block.indexOf(0x00, 2) + 1).toString('utf8'), 'Pa55-wörd');
  });
});
