import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareJob } from '../../../src/operations/jobs/prepare-job.ts';
import type { BulkOperationResult } from '../../../src/operations/model.ts';
import { openSandboxSession, type TenantSession } from '../../../src/wiring/tenant-session.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', '..', 'src', 'sandbox', 'fixtures', 'default-tenant.json');
// Recovered by "our" earlier job: gone from the tenant's inactive mailboxes, as after New-Mailbox.
const CONSUMED = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function earlierJob(state: 'running' | 'completed', status: 'in_progress' | 'completed'): BulkOperationResult {
  return {
    jobId: 'job-earlier',
    operationType: 'recovery',
    state,
    totals: { total: 1, pending: 0, inProgress: 0, completed: 0, failed: 0, skipped: 0 },
    items: [
      {
        rowNumber: 7,
        sourceIdentity: CONSUMED.toUpperCase(),
        targetIdentity: 'returning@contoso.com',
        additionalData: {},
        status,
        attempts: 1,
        error: null,
        result: null,
        startedAt: null,
        completedAt: null,
        checkpoint: { step: 'mailboxCreated', sourceGuid: CONSUMED, upn: 'returning@contoso.com' },
      },
    ],
    startedAt: '2026-12-01T10:00:00.000Z',
    completedAt: null,
    durationSeconds: 0,
    successRate: 0,
    retryOf: null,
    stopReason: null,
  } as unknown as BulkOperationResult;
}

describe('a source one of our own jobs already recovered', () => {
  let session: TenantSession;
  before(async () => {
    session = await openSandboxSession(FIXTURE);
  });
  after(() => session.close());

  const file = {
    fileName: 'again.csv',
    type: 'recovery' as const,
    bytes: Buffer.from(`source_guid,target_upn,display_name\n${CONSUMED},returning2@contoso.com,Returning\n`),
  };

  it('is named with the job, its row and the step still missing, not reported as not found', async () => {
    const job = await prepareJob(
      file,
      { tenant: session.connection, ownOperations: { list: async () => [earlierJob('running', 'in_progress')] } },
      { jobId: 'job-new', actor: 'test' },
    );

    const issue = job.issues.find((candidate) => candidate.row === 2 && candidate.severity === 'error');
    assert.equal(issue?.code, 'SOURCE_RECOVERED_BY_US');
    assert.equal(
      issue?.message,
      `Job job-earlier (row 7) already recovered ${CONSUMED} as returning@contoso.com, but the usage location and ` +
        'licence were not set: finish that job (the bot resumes it when it restarts; on the command line: ' +
        'mailbox-recovery resume job-earlier).',
    );
    assert.ok(!job.issues.some((candidate) => candidate.code === 'SOURCE_NOT_FOUND'));
  });

  it('says there is nothing left to do when that job completed the row', async () => {
    const job = await prepareJob(
      file,
      { tenant: session.connection, ownOperations: { list: async () => [earlierJob('completed', 'completed')] } },
      { jobId: 'job-new-2', actor: 'test' },
    );

    const issue = job.issues.find((candidate) => candidate.row === 2 && candidate.severity === 'error');
    assert.equal(issue?.code, 'SOURCE_RECOVERED_BY_US');
    assert.match(issue?.message ?? '', /already recovered .* as returning@contoso\.com: there is nothing left to do/);
  });

  it('still reports a source nobody recovered as not found', async () => {
    const job = await prepareJob(
      {
        ...file,
        bytes: Buffer.from(
          'source_guid,target_upn,display_name\n00000000-0000-0000-0000-00000000beef,x@contoso.com,X\n',
        ),
      },
      { tenant: session.connection, ownOperations: { list: async () => [earlierJob('running', 'in_progress')] } },
      { jobId: 'job-new-3', actor: 'test' },
    );

    assert.ok(
      job.issues.some((candidate) => candidate.code === 'SOURCE_NOT_FOUND'),
      JSON.stringify(job.issues),
    );
  });
});
