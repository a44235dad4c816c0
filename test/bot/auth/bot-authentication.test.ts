import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, mock } from 'node:test';
import type { Activity } from 'botbuilder';
import { createBotFrameworkAuthentication, type InboundSecuritySettings } from '../../../src/bot/auth/index.ts';
import { startLocalOpenIdIssuer, type LocalOpenIdIssuer } from './local-openid-issuer.ts';
import { startMessagesEndpoint, type MessagesEndpoint } from './messages-endpoint.ts';

const APP_ID = '6f1c2b9e-4a7d-4c1e-9b3a-2d5e8f0a1b2c';
const OTHER_APP_ID = '0b9e8d7c-6f5a-4b3c-8d2e-1f0a9b8c7d6e';
const TENANT_ID = '72c1d3a4-5b6e-4f70-8a91-b2c3d4e5f607';
const FOREIGN_TENANT_ID = '11111111-2222-4333-8444-555555555555';
const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
const BOT_FRAMEWORK = 'https://api.botframework.com';
// An issuer botbuilder treats as the Bot Framework Emulator (an Entra ID token) and validates on another path.
const ENTRA_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

function teamsMessage(overrides: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: 'm1',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: '29:admin', name: 'Alex Admin' },
    recipient: { id: `28:${APP_ID}`, name: 'Mailbox Recovery' },
    conversation: {
      id: 'a:personal-chat',
      tenantId: TENANT_ID,
      conversationType: 'personal',
      isGroup: false,
      name: '',
    },
    channelData: { tenant: { id: TENANT_ID } },
    text: 'help',
    ...overrides,
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function channelClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: BOT_FRAMEWORK,
    aud: APP_ID,
    serviceurl: SERVICE_URL,
    nbf: nowSeconds() - 60,
    exp: nowSeconds() + 3600,
    ...overrides,
  };
}

describe('inbound authentication on /api/messages with an app id', () => {
  let issuer: LocalOpenIdIssuer;
  let endpoint: MessagesEndpoint;

  before(async () => {
    // botbuilder logs every refusal with console.error; the assertions below say what matters.
    mock.method(console, 'error', () => undefined);
    issuer = await startLocalOpenIdIssuer();
    const settings: InboundSecuritySettings = {
      appId: APP_ID,
      appPassword: 'not-a-real-secret',
      allowedTenantIds: [TENANT_ID],
      sandbox: false,
      listenHost: '0.0.0.0',
      openIdMetadataUrl: issuer.metadataUrl,
    };
    endpoint = await startMessagesEndpoint(createBotFrameworkAuthentication(settings));
  });

  after(async () => {
    await endpoint.close();
    await issuer.close();
    mock.restoreAll();
  });

  beforeEach(() => {
    endpoint.handled.length = 0;
  });

  it('runs the handler with the activity when the Teams token is valid', async () => {
    const response = await endpoint.post(teamsMessage(), `Bearer ${issuer.signToken(channelClaims())}`);

    assert.equal(response.status, 200);
    assert.deepEqual(
      endpoint.handled.map((activity) => activity.text),
      ['help'],
    );
    assert.ok(issuer.metadataRequests() > 0, 'keys come from the local OpenID document');
  });

  it('accepts a Teams tenant id written in another case', async () => {
    const upper = TENANT_ID.toUpperCase();
    const activity = teamsMessage({
      conversation: { id: 'a:chat', tenantId: upper, conversationType: 'personal', isGroup: false, name: '' },
      channelData: { tenant: { id: upper } },
    });

    const response = await endpoint.post(activity, `Bearer ${issuer.signToken(channelClaims())}`);

    assert.equal(response.status, 200);
    assert.equal(endpoint.handled.length, 1);
  });

  // The reasons are botbuilder's wording (ours for the issuer and token-format cases): they show which check
  // refused the token, so a case cannot pass by tripping over an earlier one.
  const refusedTokens: { name: string; authorization: () => string | undefined; reason: RegExp }[] = [
    { name: 'there is no Authorization header', authorization: () => undefined, reason: /not authorized/ },
    {
      name: 'the scheme is not Bearer',
      authorization: () => `Basic ${issuer.signToken(channelClaims())}`,
      reason: /No valid identity/,
    },
    { name: 'the token is not a JWT', authorization: () => 'Bearer not-a-token', reason: /No valid identity/ },
    {
      name: 'the token expired (beyond the five-minute clock tolerance)',
      authorization: () =>
        `Bearer ${issuer.signToken(channelClaims({ nbf: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))}`,
      reason: /expired/,
    },
    {
      name: 'the token is not valid yet',
      authorization: () => `Bearer ${issuer.signToken(channelClaims({ nbf: nowSeconds() + 3600 }))}`,
      reason: /NotBeforeError/,
    },
    {
      name: 'the audience is another app',
      authorization: () => `Bearer ${issuer.signToken(channelClaims({ aud: OTHER_APP_ID }))}`,
      reason: /Invalid AppId/,
    },
    {
      name: 'the issuer is not the Bot Framework',
      authorization: () => `Bearer ${issuer.signToken(channelClaims({ iss: 'https://evil.example.com' }))}`,
      reason: /No valid identity/,
    },
    {
      name: 'an Entra ID token for this app is signed by a trusted key (the emulator path)',
      authorization: () =>
        `Bearer ${issuer.signToken(channelClaims({ iss: ENTRA_ISSUER, ver: '1.0', appid: APP_ID }))}`,
      reason: /not issued by the Bot Framework/,
    },
    {
      name: 'a token from another bot is signed by a trusted key (the skill path)',
      authorization: () =>
        `Bearer ${issuer.signToken(channelClaims({ iss: ENTRA_ISSUER, ver: '1.0', appid: OTHER_APP_ID }))}`,
      reason: /not issued by the Bot Framework/,
    },
    {
      name: 'the token is signed by a key the OpenID document does not publish',
      authorization: () => `Bearer ${issuer.signToken(channelClaims(), { untrustedKey: true })}`,
      reason: /JsonWebTokenError/,
    },
    {
      name: "the token's serviceurl is not the activity's serviceUrl",
      authorization: () =>
        `Bearer ${issuer.signToken(channelClaims({ serviceurl: 'https://smba.trafficmanager.net/emea/' }))}`,
      reason: /ServiceUrl claim do not match/,
    },
  ];
  for (const { name, authorization, reason } of refusedTokens) {
    it(`answers 401 and never runs the handler when ${name}`, async () => {
      const response = await endpoint.post(teamsMessage(), authorization());

      assert.equal(response.status, 401);
      assert.match(response.body, reason);
      assert.equal(endpoint.handled.length, 0);
    });
  }

  const refusedOrigins: { name: string; activity: Partial<Activity>; reason: RegExp }[] = [
    {
      name: 'the tenant is not an allowed tenant',
      activity: teamsMessage({
        conversation: {
          id: 'a:chat',
          tenantId: FOREIGN_TENANT_ID,
          conversationType: 'personal',
          isGroup: false,
          name: '',
        },
        channelData: { tenant: { id: FOREIGN_TENANT_ID } },
      }),
      reason: /tenant "11111111-2222-4333-8444-555555555555" is not an allowed tenant/,
    },
    {
      name: 'the channel is not Teams',
      activity: teamsMessage({ channelId: 'webchat' }),
      reason: /channel "webchat" is not Microsoft Teams/,
    },
  ];
  for (const { name, activity, reason } of refusedOrigins) {
    it(`refuses a validly signed activity and never runs the handler when ${name}`, async () => {
      const response = await endpoint.post(activity, `Bearer ${issuer.signToken(channelClaims())}`);

      assert.equal(response.status, 401);
      assert.match(response.body, reason);
      assert.equal(endpoint.handled.length, 0);
    });
  }

  const refusedServiceUrls: { serviceUrl: string; reason: RegExp }[] = [
    { serviceUrl: 'https://attacker.example.net/amer/', reason: /host "attacker\.example\.net" is not an allowed/ },
    { serviceUrl: 'https://smba.trafficmanager.net.evil.example/amer/', reason: /is not an allowed Teams host/ },
    { serviceUrl: 'http://smba.trafficmanager.net/amer/', reason: /scheme "http:" is not allowed/ },
  ];
  for (const { serviceUrl, reason } of refusedServiceUrls) {
    it(`refuses a validly signed activity whose service URL is ${serviceUrl}`, async () => {
      const token = issuer.signToken(channelClaims({ serviceurl: serviceUrl }));

      const response = await endpoint.post(teamsMessage({ serviceUrl }), `Bearer ${token}`);

      assert.equal(response.status, 401);
      assert.match(response.body, reason);
      assert.equal(endpoint.handled.length, 0);
    });
  }
});

describe('inbound authentication on /api/messages without an app id (sandbox)', () => {
  const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';
  let endpoint: MessagesEndpoint;

  before(async () => {
    mock.method(console, 'error', () => undefined);
    endpoint = await startMessagesEndpoint(
      createBotFrameworkAuthentication({
        appId: null,
        allowedTenantIds: [PLAYGROUND_TENANT_ID],
        allowedServiceUrlHosts: ['localhost', '127.0.0.1'],
        sandbox: true,
        listenHost: '127.0.0.1',
      }),
    );
  });

  after(async () => {
    await endpoint.close();
    mock.restoreAll();
  });

  beforeEach(() => {
    endpoint.handled.length = 0;
  });

  it('runs the handler for the Playground without a token', async () => {
    const activity = teamsMessage({
      serviceUrl: 'http://localhost:56150',
      conversation: {
        id: 'personal',
        tenantId: PLAYGROUND_TENANT_ID,
        conversationType: 'personal',
        isGroup: false,
        name: '',
      },
      channelData: { tenant: { id: PLAYGROUND_TENANT_ID } },
    });

    const response = await endpoint.post(activity);

    assert.equal(response.status, 200);
    assert.equal(endpoint.handled.length, 1);
  });

  it('still refuses an activity from another tenant', async () => {
    const activity = teamsMessage({ serviceUrl: 'http://localhost:56150' });

    const response = await endpoint.post(activity);

    assert.equal(response.status, 401);
    assert.equal(endpoint.handled.length, 0);
  });
});

describe('inbound authentication for streaming connections', () => {
  it('refuses them, since streamed activities would skip the origin checks', async () => {
    const authentication = createBotFrameworkAuthentication({
      appId: APP_ID,
      appPassword: 'not-a-real-secret',
      allowedTenantIds: [TENANT_ID],
      sandbox: false,
      listenHost: '0.0.0.0',
      openIdMetadataUrl: 'http://127.0.0.1:9/unused',
    });

    await assert.rejects(authentication.authenticateStreamingRequest('Bearer anything', 'msteams'), {
      message: /Streaming connections are not accepted/,
      statusCode: 401,
    });
  });
});
