import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS } from '../../../src/operations/audit-actions.ts';
import { applyDecision, markFinished, markRunning } from '../../../src/operations/jobs/job-lifecycle.ts';
import type { JobRecord } from '../../../src/operations/jobs/job-record.ts';
import {
  planJobRecovery,
  ROWS_LOST,
  rowsLostAuditEvent,
  type JobRecovery,
} from '../../../src/operations/jobs/job-recovery.ts';
import { BOB, CREATED_AT, HOUR_MS, makeJob } from './job-test-support.ts';

function approved(): JobRecord {
  const at = new Date(CREATED_AT.getTime() + HOUR_MS).toISOString();
  return applyDecision(makeJob(), { by: BOB, at, action: 'approve', selfApproved: false });
}

describe('planJobRecovery', () => {
  const CASES: { name: string; job: () => JobRecord; operationStored: boolean; plan: JobRecovery }[] = [
    {
      name: 'starts an approved job that never reached the engine',
      job: approved,
      operationStored: false,
      plan: 'start',
    },
    {
      name: 'starts a running job whose operation was never saved, from the rows it kept',
      job: () => markRunning(approved()),
      operationStored: false,
      plan: 'start',
    },
    {
      name: 'resumes a running job whose operation is stored, never starting it anew',
      job: () => markRunning(approved()),
      operationStored: true,
      plan: 'resume',
    },
    {
      name: 'resumes an approved job whose operation is stored',
      job: approved,
      operationStored: true,
      plan: 'resume',
    },
    {
      name: 'fails a running job whose rows are gone and whose operation was never saved',
      job: () => ({ ...markRunning(approved()), items: null }),
      operationStored: false,
      plan: 'fail',
    },
    { name: 'leaves a job awaiting approval alone', job: () => makeJob(), operationStored: false, plan: 'none' },
    {
      name: 'leaves an ended job alone',
      job: () => markFinished(markRunning(approved()), 'completed'),
      operationStored: true,
      plan: 'none',
    },
  ];
  for (const { name, job, operationStored, plan } of CASES) {
    it(name, () => assert.equal(planJobRecovery(job(), operationStored), plan));
  }
});

describe('rowsLostAuditEvent', () => {
  it('records by system that the job stopped with none of its rows run', () => {
    const event = rowsLostAuditEvent({ ...markRunning(approved()), items: null });
    assert.equal(event.actor, 'system');
    assert.equal(event.action, AUDIT_ACTIONS.jobStopped);
    assert.equal(event.jobId, 'job-1');
    assert.equal(event.details.code, ROWS_LOST);
    assert.match(String(event.details.message), /none of them ran/);
  });
});
