import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertInboundSecuritySettings,
  createBotFrameworkAuthentication,
  InboundSecurityError,
  type InboundSecuritySettings,
} from '../../../src/bot/auth/index.ts';

const APP_ID = '6f1c2b9e-4a7d-4c1e-9b3a-2d5e8f0a1b2c';
const TENANT_ID = '72c1d3a4-5b6e-4f70-8a91-b2c3d4e5f607';
const SECRET = 'do-not-print-this-secret';

const valid: InboundSecuritySettings = {
  appId: APP_ID,
  appPassword: SECRET,
  allowedTenantIds: [TENANT_ID],
  sandbox: false,
  listenHost: '0.0.0.0',
};

describe('assertInboundSecuritySettings', () => {
  const accepted: { name: string; settings: InboundSecuritySettings }[] = [
    { name: 'a MultiTenant bot with a password', settings: valid },
    {
      name: 'a SingleTenant bot with its tenant and a certificate',
      settings: {
        ...valid,
        appType: 'SingleTenant',
        appTenantId: TENANT_ID,
        appPassword: undefined,
        appCertificate: { thumbprint: 'AB12', privateKeyPem: '-----BEGIN PRIVATE KEY-----' },
      },
    },
    {
      name: 'a UserAssignedMSI bot with its tenant and no password',
      settings: { ...valid, appType: 'UserAssignedMSI', appTenantId: TENANT_ID, appPassword: undefined },
    },
    {
      name: 'an OpenID metadata URL on 127.0.0.1 (tests)',
      settings: { ...valid, openIdMetadataUrl: 'http://127.0.0.1:4000/v1/.well-known/openidconfiguration' },
    },
  ];
  for (const { name, settings } of accepted) {
    it(`accepts ${name}`, () => {
      assert.doesNotThrow(() => assertInboundSecuritySettings(settings));
    });
  }

  const refused: { name: string; settings: InboundSecuritySettings; setting: string; sentence: RegExp }[] = [
    {
      name: 'no allowed tenant',
      settings: { ...valid, allowedTenantIds: [' '] },
      setting: 'allowedTenantIds',
      sentence: /at least one allowed Teams tenant id/,
    },
    {
      name: 'an empty list of service URL hosts',
      settings: { ...valid, allowedServiceUrlHosts: [] },
      setting: 'allowedServiceUrlHosts',
      sentence: /at least one allowed service URL host/,
    },
    {
      name: 'a wildcard service URL host',
      settings: { ...valid, allowedServiceUrlHosts: ['*.trafficmanager.net'] },
      setting: 'allowedServiceUrlHosts',
      sentence: /bare host name/,
    },
    {
      name: 'a service URL host written as a URL',
      settings: { ...valid, allowedServiceUrlHosts: ['https://smba.trafficmanager.net/'] },
      setting: 'allowedServiceUrlHosts',
      sentence: /bare host name/,
    },
    {
      name: 'an OpenID metadata URL on another host',
      settings: { ...valid, openIdMetadataUrl: 'https://login.example.com/v1/.well-known/openidconfiguration' },
      setting: 'openIdMetadataUrl',
      sentence: /only with a loopback address/,
    },
    {
      name: 'a MultiTenant bot without a password or certificate',
      settings: { ...valid, appPassword: undefined },
      setting: 'appPassword',
      sentence: /needs its app password or a certificate/,
    },
    {
      name: 'a SingleTenant bot without its tenant',
      settings: { ...valid, appType: 'SingleTenant' },
      setting: 'appTenantId',
      sentence: /SingleTenant bot needs its app tenant id/,
    },
    {
      name: 'a UserAssignedMSI bot with a password',
      settings: { ...valid, appType: 'UserAssignedMSI', appTenantId: TENANT_ID },
      setting: 'appPassword',
      sentence: /managed identity/,
    },
    {
      name: 'a password and a certificate together',
      settings: { ...valid, appCertificate: { thumbprint: 'AB12', privateKeyPem: 'key' } },
      setting: 'appCertificate',
      sentence: /either an app password or a certificate/,
    },
  ];
  for (const { name, settings, setting, sentence } of refused) {
    it(`refuses ${name} with one sentence naming the setting`, () => {
      assert.throws(
        () => assertInboundSecuritySettings(settings),
        (error: unknown) => {
          assert.ok(error instanceof InboundSecurityError);
          assert.equal(error.code, 'INVALID_INBOUND_SECURITY_SETTING');
          assert.equal(error.setting, setting);
          assert.match(error.message, sentence);
          assert.ok(!error.message.includes(SECRET));
          return true;
        },
      );
    });
  }
});

describe('createBotFrameworkAuthentication', () => {
  it('refuses to build an anonymous authentication outside the sandbox', () => {
    assert.throws(
      () => createBotFrameworkAuthentication({ ...valid, appId: null, appPassword: undefined }),
      (error: unknown) => error instanceof InboundSecurityError && error.code === 'ANONYMOUS_NOT_ALLOWED',
    );
  });

  it('refuses to build an anonymous authentication listening on every address', () => {
    assert.throws(
      () =>
        createBotFrameworkAuthentication({
          ...valid,
          appId: null,
          appPassword: undefined,
          sandbox: true,
          listenHost: '0.0.0.0',
        }),
      (error: unknown) => error instanceof InboundSecurityError && error.setting === 'listenHost',
    );
  });

  it('keeps the app password out of what the authentication serialises to', () => {
    const authentication = createBotFrameworkAuthentication(valid);

    assert.ok(!JSON.stringify(authentication).includes(SECRET));
  });
});
