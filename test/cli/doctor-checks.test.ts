import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runDoctorChecks, type DoctorCheck, type DoctorDeps } from '../../src/cli/doctor-checks.ts';
import { TenantError, type LicenseSku, type TenantDomain } from '../../src/operations/tenant-ports.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';

const CONTOSO: TenantDomain = { id: 'contoso.com', isVerified: true, supportedServices: ['Email'] };
const E3: LicenseSku = { skuId: 'sku-e3', skuPartNumber: 'ENTERPRISEPACK', enabledUnits: 10, consumedUnits: 7 };

function buildDeps(overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  return {
    tokens: createStaticTokenProvider('opaque-token'),
    invokeCommand: { invoke: () => Promise.resolve({ value: [{ ExchangeGuid: 'g' }], warnings: [] }) },
    graph: { listDomains: () => Promise.resolve([CONTOSO]), listSubscribedSkus: () => Promise.resolve([E3]) },
    ...overrides,
  };
}

function buildJwt(roles: string[]): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none' })}.${encode({ roles })}.c2ln`;
}

function find(checks: DoctorCheck[], name: string): DoctorCheck {
  const check = checks.find((candidate) => candidate.name === name);
  assert.ok(check, `no check named ${name}`);
  return check;
}

describe('runDoctorChecks', () => {
  it('keeps checking the licences when the domain read fails unexpectedly, without echoing the raw error', async () => {
    const checks = await runDoctorChecks(
      buildDeps({
        graph: {
          listDomains: () => Promise.reject(new Error('socket hang up at 10.0.0.1')),
          listSubscribedSkus: () => Promise.resolve([E3]),
        },
      }),
    );
    const domains = find(checks, 'domains');
    assert.equal(domains.ok, false);
    assert.match(domains.detail, /failed unexpectedly/);
    assert.doesNotMatch(domains.detail, /socket|10\.0\.0\.1/);
    assert.deepEqual(find(checks, 'licence SKUs'), { name: 'licence SKUs', ok: true, detail: 'ENTERPRISEPACK 3 free' });
  });

  it('suggests running again when Exchange is throttling', async () => {
    const throttled = new TenantError({
      code: 'TENANT_THROTTLED',
      errorClass: 'transient',
      message: 'Exchange Online throttled Get-Mailbox.',
    });
    const checks = await runDoctorChecks(buildDeps({ invokeCommand: { invoke: () => Promise.reject(throttled) } }));
    assert.deepEqual(find(checks, 'inactive mailbox read'), {
      name: 'inactive mailbox read',
      ok: false,
      detail: 'Exchange Online throttled Get-Mailbox. Run doctor again in a minute.',
    });
  });

  it('fails the domain check when no domain is verified for email', async () => {
    const unverified = { id: 'fabrikam.com', isVerified: false, supportedServices: ['Email'] };
    const noEmail = { id: 'contoso.onmicrosoft.com', isVerified: true, supportedServices: [] };
    const checks = await runDoctorChecks(
      buildDeps({
        graph: {
          listDomains: () => Promise.resolve([unverified, noEmail]),
          listSubscribedSkus: () => Promise.resolve([]),
        },
      }),
    );
    assert.match(find(checks, 'domains').detail, /no domain is verified with the Email service/);
    assert.equal(find(checks, 'domains').ok, false);
    assert.deepEqual(find(checks, 'licence SKUs'), {
      name: 'licence SKUs',
      ok: true,
      detail: 'the tenant has no licence subscriptions',
    });
  });

  it('says so when the tenant has no inactive mailbox yet, which is not a failure', async () => {
    const checks = await runDoctorChecks(
      buildDeps({ invokeCommand: { invoke: () => Promise.resolve({ value: [], warnings: [] }) } }),
    );
    assert.deepEqual(find(checks, 'inactive mailbox read'), {
      name: 'inactive mailbox read',
      ok: true,
      detail: 'can read inactive mailboxes (the tenant has none at the moment)',
    });
  });

  it('accepts broader permissions in place of the least ones and only notes the optional ones', async () => {
    const tokens = createStaticTokenProvider(buildJwt(['Directory.ReadWrite.All', 'Exchange.ManageAsApp']));
    const checks = await runDoctorChecks(buildDeps({ tokens }));
    const graph = find(checks, 'Graph token');
    assert.equal(graph.ok, true, graph.detail);
    assert.match(graph.detail, /UserAuthenticationMethod\.ReadWrite\.All is not granted \(only needed for issuing/);
    assert.ok(checks.every((check) => check.ok));
  });

  it('requires UserAuthenticationMethod.ReadWrite.All when Temporary Access Passes are switched on', async () => {
    const tokens = createStaticTokenProvider(buildJwt(['Directory.ReadWrite.All', 'Exchange.ManageAsApp']));
    const checks = await runDoctorChecks(buildDeps({ tokens }), { temporaryAccessPass: true });
    const graph = find(checks, 'Graph token');
    assert.equal(graph.ok, false);
    assert.match(graph.detail, /lacks UserAuthenticationMethod\.ReadWrite\.All \(needed for issuing Temporary/);
  });

  it('requires Policy.Read.AuthenticationMethod when Temporary Access Passes are switched on', async () => {
    const roles = ['Directory.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All', 'Exchange.ManageAsApp'];
    const checks = await runDoctorChecks(buildDeps({ tokens: createStaticTokenProvider(buildJwt(roles)) }), {
      temporaryAccessPass: true,
    });
    const graph = find(checks, 'Graph token');
    assert.equal(graph.ok, false);
    assert.match(
      graph.detail,
      /lacks Policy\.Read\.AuthenticationMethod \(needed for checking the Temporary Access Pass policy/,
    );
  });

  it('names Exchange.ManageAsApp when the Exchange token does not carry it', async () => {
    const tokens = createStaticTokenProvider(buildJwt(['Directory.ReadWrite.All']));
    const checks = await runDoctorChecks(buildDeps({ tokens }));
    const exchange = find(checks, 'Exchange token');
    assert.equal(exchange.ok, false);
    assert.match(exchange.detail, /Exchange Online token lacks Exchange\.ManageAsApp/);
  });
});
