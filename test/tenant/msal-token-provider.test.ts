import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { TenantError } from '../../src/operations/tenant-ports.ts';
import { createMsalTokenProvider } from '../../src/tenant/msal-token-provider.ts';
import type { MsalTokenProviderOptions } from '../../src/tenant/msal-token-provider.ts';

const TENANT = '6f1c0000-0000-4000-8000-00000000aaaa';
const APP = '2b9e0000-0000-4000-8000-00000000bbbb';
const SECRET = 'k9~Q8r.SuperSecretValue_123';

interface TokenCall {
  url: string;
  form: URLSearchParams;
}

/** MSAL's HTTP client, offline: answers authority metadata and the token endpoint, records token calls. */
function createFakeNetwork(answerToken: (form: URLSearchParams, index: number) => NetworkResponse<unknown>) {
  const tokenCalls: TokenCall[] = [];
  const getUrls: string[] = [];
  const network: INetworkModule = {
    sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
      getUrls.push(url);
      const host = new URL(url).origin;
      const body = url.includes('discovery/instance')
        ? { tenant_discovery_endpoint: `${host}/${TENANT}/v2.0/.well-known/openid-configuration`, metadata: [] }
        : {
            token_endpoint: `${host}/${TENANT}/oauth2/v2.0/token`,
            authorization_endpoint: `${host}/${TENANT}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${host}/${TENANT}/oauth2/v2.0/logout`,
            issuer: `${host}/${TENANT}/v2.0`,
            jwks_uri: `${host}/${TENANT}/discovery/v2.0/keys`,
          };
      return Promise.resolve({ status: 200, headers: {}, body: body as T });
    },
    sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      const form = new URLSearchParams(options?.body ?? '');
      tokenCalls.push({ url, form });
      return Promise.resolve(answerToken(form, tokenCalls.length - 1) as NetworkResponse<T>);
    },
  };
  return { network, tokenCalls, getUrls };
}

function tokenResponse(accessToken: string): NetworkResponse<unknown> {
  return {
    status: 200,
    headers: {},
    body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken },
  };
}

function createProvider(network: INetworkModule, overrides: Partial<MsalTokenProviderOptions> = {}) {
  return createMsalTokenProvider({
    tenantId: TENANT,
    clientId: APP,
    credential: { kind: 'secret', clientSecret: SECRET },
    networkClient: network,
    ...overrides,
  });
}

describe('createMsalTokenProvider', () => {
  it('asks for the Graph and the Exchange .default scopes with the client-credentials grant', async () => {
    const { network, tokenCalls } = createFakeNetwork((form) => tokenResponse(`token-for-${form.get('scope')}`));
    const tokens = createProvider(network);

    const graph = await tokens.getToken('graph');
    const exchange = await tokens.getToken('exchange');

    assert.equal(graph, 'token-for-https://graph.microsoft.com/.default');
    assert.equal(exchange, 'token-for-https://outlook.office365.com/.default');
    assert.deepEqual(
      tokenCalls.map((call) => call.form.get('scope')),
      ['https://graph.microsoft.com/.default', 'https://outlook.office365.com/.default'],
    );
    assert.ok(tokenCalls.every((call) => call.form.get('grant_type') === 'client_credentials'));
    assert.ok(
      tokenCalls.every((call) => call.url.startsWith(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`)),
    );
  });

  it('answers a second request from the cache without calling the network', async () => {
    const { network, tokenCalls } = createFakeNetwork((_form, index) => tokenResponse(`token-${index}`));
    const tokens = createProvider(network);

    assert.equal(await tokens.getToken('exchange'), 'token-0');
    assert.equal(await tokens.getToken('exchange'), 'token-0');
    assert.equal(tokenCalls.length, 1);
  });

  it('shares one token request between concurrent callers', async () => {
    const { network, tokenCalls } = createFakeNetwork((_form, index) => tokenResponse(`token-${index}`));
    const tokens = createProvider(network);

    const answers = await Promise.all([tokens.getToken('graph'), tokens.getToken('graph'), tokens.getToken('graph')]);

    assert.deepEqual(answers, ['token-0', 'token-0', 'token-0']);
    assert.equal(tokenCalls.length, 1);
  });

  it('authenticates with the client secret when given one', async () => {
    const { network, tokenCalls } = createFakeNetwork(() => tokenResponse('t'));

    await createProvider(network).getToken('graph');

    assert.equal(tokenCalls[0]?.form.get('client_id'), APP);
    assert.equal(tokenCalls[0]?.form.get('client_secret'), SECRET);
    assert.equal(tokenCalls[0]?.form.get('client_assertion'), null);
  });

  it('authenticates with a signed client assertion when given a certificate', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { network, tokenCalls } = createFakeNetwork(() => tokenResponse('t'));
    const tokens = createProvider(network, {
      credential: { kind: 'certificate', thumbprintSha256: 'a'.repeat(64), privateKeyPem },
    });

    await tokens.getToken('exchange');

    const form = tokenCalls[0]?.form;
    assert.equal(form?.get('client_secret'), null);
    assert.equal(form?.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload] = (form?.get('client_assertion') ?? '').split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as {
      iss: string;
      sub: string;
      aud: string;
    };
    assert.ok(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())['x5t#S256']);
    assert.equal(claims.iss, APP);
    assert.equal(claims.sub, APP);
    assert.match(claims.aud, new RegExp(`^https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`));
  });

  it('uses the configured authority host for sovereign clouds', async () => {
    const { network, tokenCalls } = createFakeNetwork(() => tokenResponse('t'));
    const tokens = createProvider(network, {
      authorityHost: 'https://login.microsoftonline.us',
      exchangeScope: 'https://outlook.office365.us/.default',
    });

    await tokens.getToken('exchange');

    assert.ok(tokenCalls[0]?.url.startsWith(`https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`));
    assert.equal(tokenCalls[0]?.form.get('scope'), 'https://outlook.office365.us/.default');
  });

  it('fails with a fatal TOKEN_FAILED naming tenant and app but neither the secret nor a token', async () => {
    const leakedToken = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJl';
    const { network } = createFakeNetwork(() => ({
      status: 401,
      headers: {},
      body: {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided (${SECRET}; ${leakedToken}).\r\nTrace ID: 1\r\nCorrelation ID: 2`,
        error_codes: [7000215],
      },
    }));
    const tokens = createProvider(network);

    const error = await tokens.getToken('graph').then(
      () => assert.fail('expected a failure'),
      (reason: unknown) => reason,
    );

    assert.ok(error instanceof TenantError);
    assert.equal(error.code, 'TOKEN_FAILED');
    assert.equal(error.errorClass, 'fatal');
    assert.match(error.message, new RegExp(`tenant ${TENANT}, app ${APP}`));
    assert.match(error.message, /invalid_client|AADSTS7000215/);
    assert.ok(!error.message.includes(SECRET), error.message);
    assert.ok(!error.message.includes(leakedToken), error.message);
    assert.ok(!String(error.stack).includes(SECRET));
  });

  it('tries again after a failure instead of keeping it', async () => {
    const { network, tokenCalls } = createFakeNetwork((_form, index) =>
      index === 0
        ? {
            status: 400,
            headers: {},
            body: { error: 'unauthorized_client', error_description: 'AADSTS700016: not found.' },
          }
        : tokenResponse('fresh'),
    );
    const tokens = createProvider(network);

    await assert.rejects(tokens.getToken('graph'), { code: 'TOKEN_FAILED', errorClass: 'fatal' });
    assert.equal(await tokens.getToken('graph'), 'fresh');
    assert.equal(tokenCalls.length, 2);
  });

  it('treats an overloaded token service as transient, also while MSAL holds requests back', async () => {
    const { network, tokenCalls } = createFakeNetwork(() => ({
      status: 503,
      headers: {},
      body: { error: 'temporarily_unavailable', error_description: 'AADSTS90033: busy.' },
    }));
    const tokens = createProvider(network);

    await assert.rejects(tokens.getToken('graph'), { code: 'TOKEN_FAILED', errorClass: 'transient' });
    await assert.rejects(tokens.getToken('graph'), { code: 'TOKEN_FAILED', errorClass: 'transient' });
    assert.equal(tokenCalls.length, 1);
  });

  it('treats an unreachable token service as transient', async () => {
    const network: INetworkModule = {
      sendGetRequestAsync: () => Promise.reject(new Error('ECONNREFUSED')),
      sendPostRequestAsync: () => Promise.reject(new Error('ECONNREFUSED')),
    };

    await assert.rejects(createProvider(network).getToken('exchange'), {
      code: 'TOKEN_FAILED',
      errorClass: 'transient',
    });
  });
});
