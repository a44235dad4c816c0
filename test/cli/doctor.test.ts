import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDoctorCommand } from '../../src/cli/commands/doctor.ts';
import { runCli } from '../../src/cli/main.ts';
import { openSandboxSession, type TenantSession } from '../../src/wiring/tenant-session.ts';
import { loadConfig } from '../../src/config.ts';
import { TenantError } from '../../src/operations/tenant-ports.ts';
import { connectTenant } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import type { TokenProvider } from '../../src/tenant/token-provider.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'src', 'sandbox', 'fixtures', 'default-tenant.json');
const FIXTURE_TENANT_ID = '84e4edaa-3643-44ef-8510-c632d4e86a53';

function captureIo() {
  const output = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (text: string) => (output.stdout += text) },
    stderr: { write: (text: string) => (output.stderr += text) },
  };
  return { io, output };
}

/** The line of one check, e.g. `✖ domains — …`. */
function lineOf(stdout: string, name: string): string {
  const line = stdout.split('\n').find((candidate) => candidate.slice(2).startsWith(`${name} — `));
  assert.ok(line, `no line for "${name}" in:\n${stdout}`);
  return line;
}

/** An unsigned JWT: real tokens are JWTs whose `roles` claim lists the app's permissions. */
function buildJwt(roles: string[]): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ aud: 'https://graph.microsoft.com', roles })}.c2ln`;
}

const CHECKS = ['Graph token', 'Exchange token', 'inactive mailbox read', 'domains', 'licence SKUs'];

describe('mailbox-recovery doctor', () => {
  it('passes every check against the sandbox tenant and says where it connected', async () => {
    const { io, output } = captureIo();
    const code = await runCli(['doctor', '--tenant-fixture', FIXTURE], io, () => loadConfig({}));
    assert.equal(code, 0, output.stdout + output.stderr);
    for (const name of CHECKS) assert.match(lineOf(output.stdout, name), /^✔ /);
    assert.match(output.stdout, new RegExp(`Tenant ${FIXTURE_TENANT_ID} \\(sandbox, credential: sandbox token\\)`));
    assert.match(output.stdout, /Exchange Online: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output.stdout, /Microsoft Graph: http:\/\/127\.0\.0\.1:\d+\/v1\.0/);
    assert.match(lineOf(output.stdout, 'inactive mailbox read'), /can read inactive mailboxes/);
    assert.match(
      lineOf(output.stdout, 'domains'),
      /2 verified email domains: contoso\.com, contoso\.onmicrosoft\.com$/,
      'the unverified fabrikam.com is left out',
    );
    assert.match(
      lineOf(output.stdout, 'licence SKUs'),
      /ENTERPRISEPACK 3 free, SPE_E5 0 free, EXCHANGEENTERPRISE 200 free/,
    );
    assert.match(output.stdout, /All 5 checks passed/);
    assert.doesNotMatch(output.stdout, /sandbox-token/, 'no token in the output');
  });

  it('answers the same checks as JSON with --json', async () => {
    const { io, output } = captureIo();
    const code = await runCli(['doctor', '--tenant-fixture', FIXTURE, '--json'], io, () => loadConfig({}));
    assert.equal(code, 0);
    const report = JSON.parse(output.stdout);
    assert.equal(report.ok, true);
    assert.equal(report.tenantId, FIXTURE_TENANT_ID);
    assert.equal(report.mode, 'sandbox');
    assert.deepEqual(
      report.checks.map((check: { name: string; ok: boolean }) => [check.name, check.ok]),
      CHECKS.map((name) => [name, true]),
    );
  });

  it('names the Exchange permission and role and each Graph permission when the app is refused', async () => {
    const { io, output } = captureIo();
    const code = await runDoctorCommand(['--tenant-fixture', FIXTURE], io, loadConfig({}), {
      openSandbox: (path) => openSandboxSession(path, { token: 'forbidden' }),
    });
    assert.equal(code, 1);
    const read = lineOf(output.stdout, 'inactive mailbox read');
    assert.match(read, /^✖ /);
    assert.match(read, /Exchange\.ManageAsApp/);
    assert.match(read, /Exchange role \(Exchange Administrator/);
    assert.match(lineOf(output.stdout, 'domains'), /^✖ .*Microsoft Graph application permission Domain\.Read\.All/);
    assert.match(lineOf(output.stdout, 'licence SKUs'), /^✖ .*Organization\.Read\.All/);
    assert.match(output.stdout, /3 of 5 checks failed/);
  });

  it('names the permissions missing from the token roles, which the reads alone cannot see', async () => {
    const graphRoles = ['User.Read.All', 'Domain.Read.All', 'Organization.Read.All'];
    const token = buildJwt([...graphRoles, 'Exchange.ManageAsApp']);
    const { io, output } = captureIo();
    const code = await runDoctorCommand(['--tenant-fixture', FIXTURE], io, loadConfig({}), {
      openSandbox: (path) => openSandboxSession(path, { token }),
    });
    assert.equal(code, 1);
    assert.match(lineOf(output.stdout, 'Exchange token'), /^✔ /);
    const graph = lineOf(output.stdout, 'Graph token');
    assert.match(graph, /^✖ .*lacks User\.ReadWrite\.All \(needed for setting usage locations\)/);
    assert.match(graph, /LicenseAssignment\.ReadWrite\.All \(needed for assigning licences\): grant them/);
    assert.doesNotMatch(graph, /GroupMember|UserAuthenticationMethod/, 'optional permissions do not fail the check');
    for (const name of CHECKS.slice(2)) assert.match(lineOf(output.stdout, name), /^✔ /);
    for (const part of token.split('.')) assert.ok(!output.stdout.includes(part), 'no part of the token is printed');
  });

  it('reports a token failure on both token checks and skips the reads instead of crashing', async () => {
    const secret = 'very-secret-client-value';
    const config = loadConfig({
      TENANT_ID: 'tenant-under-test',
      CLIENT_ID: 'app-under-test',
      SECRET_CLIENT_SECRET: secret,
    });
    const sentence =
      'Could not get an app-only token (tenant tenant-under-test, app app-under-test): ' +
      'AADSTS7000215: Invalid client secret provided.';
    const failing: TokenProvider = {
      getToken: () => Promise.reject(new TenantError({ code: 'TOKEN_FAILED', errorClass: 'fatal', message: sentence })),
    };
    const sessions: TenantSession[] = [];
    const openTenant = async (): Promise<TenantSession> => {
      // A real tenant connection, pointed at a sandbox so a read that slipped through would be seen.
      const server = await openSandboxSession(FIXTURE);
      sessions.push(server);
      const sandbox = server.sandbox as NonNullable<TenantSession['sandbox']>;
      const connection = connectTenant({
        tenantId: 'tenant-under-test',
        exchangeBaseUrl: sandbox.exchangeBaseUrl,
        graphBaseUrl: sandbox.graphBaseUrl,
        tokens: failing,
        passwords: createPlainPasswordEncoder(),
      });
      const calls = { exchange: 0, graph: 0 };
      return { mode: 'tenant', connection, tokens: failing, calls, sandbox: null, close: async () => undefined };
    };
    const { io, output } = captureIo();
    try {
      const code = await runDoctorCommand([], io, config, { openTenant });
      assert.equal(code, 1);
      assert.match(output.stdout, /Tenant tenant-under-test \(tenant, app app-under-test, credential: client secret\)/);
      assert.match(output.stdout, /Exchange Online: https:\/\/outlook\.office365\.com/);
      assert.match(output.stdout, /Microsoft Graph: https:\/\/graph\.microsoft\.com\/v1\.0/);
      assert.equal(lineOf(output.stdout, 'Graph token'), `✖ Graph token — ${sentence}`);
      assert.equal(lineOf(output.stdout, 'Exchange token'), `✖ Exchange token — ${sentence}`);
      assert.match(lineOf(output.stdout, 'inactive mailbox read'), /^✖ .*Not run: there is no Exchange Online token/);
      assert.match(lineOf(output.stdout, 'domains'), /^✖ .*Not run: there is no Microsoft Graph token/);
      assert.match(lineOf(output.stdout, 'licence SKUs'), /^✖ .*Not run: there is no Microsoft Graph token/);
      assert.ok(!output.stdout.includes(secret), 'the client secret is never printed');
      assert.equal(sessions[0]?.sandbox?.stats().exchange.requests, 0);
      assert.equal(sessions[0]?.sandbox?.stats().graph.requests, 0);
    } finally {
      await Promise.all(sessions.map((session) => session.close()));
    }
  });

  it('exits 2 and says how to configure a tenant when none is configured', async () => {
    const { io, output } = captureIo();
    const code = await runCli(['doctor'], io, () => loadConfig({}));
    assert.equal(code, 2);
    assert.match(
      output.stderr,
      /^No tenant is configured: set TENANT_ID and CLIENT_ID, or pass --tenant-fixture <file>\./,
    );
  });

  it('exits 2 when given a file it does not take', async () => {
    const { io, output } = captureIo();
    const code = await runCli(['doctor', 'jobs.csv'], io, () => loadConfig({}));
    assert.equal(code, 2);
    assert.match(output.stderr, /doctor takes no file/);
  });
});
