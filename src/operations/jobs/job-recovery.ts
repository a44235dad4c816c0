/**
 * What a restart does with each stored job, so that every approved job runs exactly once and no row runs
 * twice. The engine saves a job's operation before any of its rows runs, so "no operation stored" means
 * "no row ran": such a job is started from the rows it kept. A job whose operation is stored is only ever
 * resumed by the engine (which reconciles rows found in progress), never started anew.
 */
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import type { AuditEvent } from '../ports.ts';
import type { JobRecord } from './job-record.ts';

/**
 * - `none`: nothing to do (not approved yet, or ended).
 * - `resume`: its operation is stored; the engine carries it on (or reports how it ended).
 * - `start`: approved or running, no operation stored, rows kept: start it now.
 * - `fail`: running, no operation stored, and its rows are gone (stored before jobs kept them while running).
 */
export type JobRecovery = 'none' | 'resume' | 'start' | 'fail';

/** The code of a job ended because its rows were gone after a restart. */
export const ROWS_LOST = 'ROWS_LOST';

export function planJobRecovery(job: JobRecord, operationStored: boolean): JobRecovery {
  if (job.state !== 'approved' && job.state !== 'running') return 'none';
  if (operationStored) return 'resume';
  return job.items === null ? 'fail' : 'start';
}

/** `job.stopped` by `system`: the job ends as failed, none of its rows having run. */
export function rowsLostAuditEvent(job: JobRecord): AuditEvent {
  return {
    actor: 'system',
    action: AUDIT_ACTIONS.jobStopped,
    jobId: job.jobId,
    details: {
      code: ROWS_LOST,
      message: 'After a restart the approved rows were no longer stored; none of them ran.',
      state: job.state,
    },
  };
}
