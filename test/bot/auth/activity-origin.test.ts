import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { checkActivityOrigin, type ActivityOriginSettings } from '../../../src/bot/auth/index.ts';

const TENANT_ID = '72c1d3a4-5b6e-4f70-8a91-b2c3d4e5f607';
const OTHER_TENANT_ID = '11111111-2222-4333-8444-555555555555';

const production: ActivityOriginSettings = { allowedTenantIds: [TENANT_ID], sandbox: false };
const sandbox: ActivityOriginSettings = {
  allowedTenantIds: ['00000000-0000-0000-0000-0000000000001'],
  allowedServiceUrlHosts: ['localhost'],
  sandbox: true,
};

type Origin = Pick<Partial<Activity>, 'channelId' | 'serviceUrl' | 'conversation' | 'channelData'>;

function fromTeams(overrides: Origin = {}): Origin {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    conversation: { id: 'a:chat', tenantId: TENANT_ID, conversationType: 'personal', isGroup: false, name: '' },
    channelData: { tenant: { id: TENANT_ID } },
    ...overrides,
  };
}

function conversationIn(tenantId: string | undefined): Origin['conversation'] {
  return { id: 'a:chat', tenantId, conversationType: 'personal', isGroup: false, name: '' };
}

describe('checkActivityOrigin', () => {
  const accepted: { name: string; activity: Origin; settings?: ActivityOriginSettings }[] = [
    { name: 'a Teams activity from the allowed tenant', activity: fromTeams() },
    {
      name: 'the tenant only in channelData',
      activity: fromTeams({ conversation: conversationIn(undefined) }),
    },
    { name: 'the tenant only on the conversation', activity: fromTeams({ channelData: {} }) },
    {
      name: 'a GCC service URL',
      activity: fromTeams({ serviceUrl: 'https://smba.infra.gcc.teams.microsoft.com/teams/' }),
    },
    {
      name: 'a service URL with the tenant in its path',
      activity: fromTeams({ serviceUrl: `https://smba.trafficmanager.net/emea/${TENANT_ID}/` }),
    },
    {
      name: 'the Playground over http with a port in sandbox mode',
      activity: fromTeams({
        serviceUrl: 'http://localhost:56150',
        conversation: conversationIn('00000000-0000-0000-0000-0000000000001'),
        channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000001' } },
      }),
      settings: sandbox,
    },
  ];
  for (const { name, activity, settings } of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(checkActivityOrigin(activity, settings ?? production), { ok: true });
    });
  }

  const refused: { name: string; activity: Origin; reason: RegExp; settings?: ActivityOriginSettings }[] = [
    { name: 'another channel', activity: fromTeams({ channelId: 'webchat' }), reason: /channel "webchat"/ },
    {
      name: 'another tenant',
      activity: fromTeams({
        conversation: conversationIn(OTHER_TENANT_ID),
        channelData: { tenant: { id: OTHER_TENANT_ID } },
      }),
      reason: /tenant "11111111-2222-4333-8444-555555555555" is not an allowed tenant/,
    },
    {
      name: 'no tenant at all',
      activity: fromTeams({ conversation: conversationIn(undefined), channelData: {} }),
      reason: /names no tenant/,
    },
    {
      name: 'two different tenants',
      activity: fromTeams({ channelData: { tenant: { id: OTHER_TENANT_ID } } }),
      reason: /two different tenants/,
    },
    { name: 'no service URL', activity: fromTeams({ serviceUrl: undefined }), reason: /no service URL/ },
    { name: 'a service URL that is not a URL', activity: fromTeams({ serviceUrl: 'smba' }), reason: /not a URL/ },
    {
      name: 'a look-alike service URL host',
      activity: fromTeams({ serviceUrl: 'https://smba.trafficmanager.net.attacker.example/amer/' }),
      reason: /is not an allowed Teams host/,
    },
    {
      name: 'another Traffic Manager profile',
      activity: fromTeams({ serviceUrl: 'https://attacker.trafficmanager.net/amer/' }),
      reason: /host "attacker\.trafficmanager\.net"/,
    },
    {
      name: 'an http service URL outside sandbox mode',
      activity: fromTeams({ serviceUrl: 'http://smba.trafficmanager.net/amer/' }),
      reason: /scheme "http:"/,
    },
    {
      name: 'a service URL with a port outside sandbox mode',
      activity: fromTeams({ serviceUrl: 'https://smba.trafficmanager.net:8443/amer/' }),
      reason: /names a port/,
    },
    {
      name: 'a service URL carrying credentials',
      activity: fromTeams({ serviceUrl: 'https://user:pass@smba.trafficmanager.net/amer/' }),
      reason: /carries credentials/,
    },
    {
      name: 'a Teams host in sandbox mode when only localhost is allowed',
      activity: fromTeams({
        conversation: conversationIn('00000000-0000-0000-0000-0000000000001'),
        channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000001' } },
      }),
      settings: sandbox,
      reason: /host "smba\.trafficmanager\.net"/,
    },
  ];
  for (const { name, activity, reason, settings } of refused) {
    it(`refuses ${name}, saying why`, () => {
      const verdict = checkActivityOrigin(activity, settings ?? production);

      assert.equal(verdict.ok, false);
      assert.match(verdict.ok ? '' : verdict.reason, reason);
    });
  }

  it('shortens and escapes a hostile channel id in the reason', () => {
    const verdict = checkActivityOrigin(fromTeams({ channelId: `evil\n${'x'.repeat(500)}` }), production);

    assert.equal(verdict.ok, false);
    const reason = verdict.ok ? '' : verdict.reason;
    assert.ok(!reason.includes('\n'));
    assert.ok(reason.length < 120);
  });
});
