import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareJob, type PreparedJob } from '../../../src/operations/jobs/prepare-job.ts';
import { generateTenantFixture, type TenantFixture } from '../../../src/sandbox/fixture.ts';
import type { FixtureTemporaryAccessPassPolicy } from '../../../src/sandbox/fixture-types.ts';
import { startSandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { connectTenant } from '../../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';

const ROWS = 3;

function recoverableGuids(fixture: TenantFixture): string[] {
  return fixture.mailboxes
    .filter(
      (mailbox) =>
        mailbox.IsInactiveMailbox &&
        !mailbox.ExternalDirectoryObjectId &&
        mailbox.MailboxLocations.every((location) => !/AuxPrimary|AuxArchive/.test(location)) &&
        mailbox.AutoExpandingArchiveEnabled !== true,
    )
    .map((mailbox) => mailbox.ExchangeGuid);
}

/** Validates a three-row recovery file against a sandbox tenant holding `policy`, through the real gateways. */
async function validateRecovery(
  policy: Partial<FixtureTemporaryAccessPassPolicy>,
  issueTemporaryAccessPass = true,
): Promise<{ job: PreparedJob; policyReads: number }> {
  const fixture = generateTenantFixture({ seed: 3, inactiveMailboxes: 12, activeUsers: 4 });
  fixture.temporaryAccessPassPolicy = policy;
  const rows = recoverableGuids(fixture)
    .slice(0, ROWS)
    .map((guid, index) => `${guid},returning.user${index}@contoso.com,Returning User ${index}`);
  assert.equal(rows.length, ROWS);
  const sandbox = await startSandboxTenant({ fixture });
  try {
    const tenant = connectTenant({
      tenantId: sandbox.tenantId,
      exchangeBaseUrl: sandbox.exchangeBaseUrl,
      graphBaseUrl: sandbox.graphBaseUrl,
      tokens: createStaticTokenProvider('test'),
      passwords: createPlainPasswordEncoder(),
    });
    const job = await prepareJob(
      { fileName: 'recovery.csv', bytes: Buffer.from(['source_guid,target_upn,display_name', ...rows].join('\n')) },
      { tenant },
      { jobId: 'job-tap', actor: 'ann', preflight: { issueTemporaryAccessPass } },
    );
    const endpoint = 'GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
    return { job, policyReads: sandbox.stats().graph.byEndpoint[endpoint] ?? 0 };
  } finally {
    await sandbox.close();
  }
}

function fileErrors(job: PreparedJob): { code: string; message: string }[] {
  return job.issues
    .filter((issue) => issue.row === null && issue.severity === 'error')
    .map(({ code, message }) => ({ code, message }));
}

describe('the Temporary Access Pass policy, checked before any mailbox is recovered', () => {
  const blocking: [string, Partial<FixtureTemporaryAccessPassPolicy>, string, RegExp][] = [
    ['TAP is disabled', { state: 'disabled' }, 'TAP_POLICY_DISABLED', /Temporary Access Pass is disabled/],
    [
      'the policy targets only some groups',
      {
        includeTargets: [
          { targetType: 'group', id: '5c1a6e1b-0000-4000-8000-00000000ab01', isRegistrationRequired: false },
        ],
      },
      'TAP_POLICY_NOT_ALL_USERS',
      /enabled only for some groups/,
    ],
    [
      'the policy allows no 60-minute pass',
      { minimumLifetimeInMinutes: 120, maximumLifetimeInMinutes: 480, defaultLifetimeInMinutes: 120 },
      'TAP_LIFETIME_OUTSIDE_POLICY',
      /valid for 60 minutes, but the tenant's policy allows only 120 to 480 minutes/,
    ],
  ];
  for (const [when, policy, code, sentence] of blocking) {
    it(`blocks the whole file with one file-level error when ${when}`, async () => {
      const { job } = await validateRecovery(policy);

      const errors = fileErrors(job);
      assert.deepEqual(
        errors.map((error) => error.code),
        [code],
      );
      assert.match(errors[0]?.message ?? '', sentence);
      assert.match(errors[0]?.message ?? '', /ISSUE_TEMPORARY_ACCESS_PASS=false/);
      assert.deepEqual(job.counts, { total: ROWS, ready: 0, withWarnings: 0, blocked: ROWS });
      assert.deepEqual(job.blocked[0]?.reasons, [errors[0]?.message]);
    });
  }

  it("lets the file through when the policy is Learn's example (enabled for all users, 60 to 480 minutes)", async () => {
    const { job, policyReads } = await validateRecovery({});
    assert.deepEqual(fileErrors(job), []);
    assert.equal(job.counts.ready, ROWS);
    assert.equal(policyReads, 1);
  });

  it('does not read the policy when no passes are to be issued', async () => {
    const { job, policyReads } = await validateRecovery({ state: 'disabled' }, false);
    assert.deepEqual(fileErrors(job), []);
    assert.equal(job.counts.ready, ROWS);
    assert.equal(policyReads, 0);
  });
});
