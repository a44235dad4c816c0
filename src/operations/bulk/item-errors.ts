/** The sentences the engine writes on items and operations: a stable code and one line an admin understands. */
import type { ItemError } from '../model.ts';

export function cancelledSkip(actor: string): ItemError {
  return { code: 'CANCELLED', message: `Not run: the job was cancelled by ${actor}.` };
}

export function cancelledReason(actor: string): ItemError {
  return { code: 'CANCELLED', message: `The job was cancelled by ${actor}.` };
}

export function stoppedOnErrorSkip(row: number): ItemError {
  return { code: 'STOPPED_ON_ERROR', message: `Not run: the job stops at the first failure (row ${row}).` };
}

export function stoppedOnErrorReason(row: number): ItemError {
  return { code: 'STOPPED_ON_ERROR', message: `The job stopped at the first failure (row ${row}).` };
}

export function jobStoppedSkip(fatal: ItemError): ItemError {
  return { code: 'JOB_STOPPED', message: `Not run: ${fatal.message}` };
}

export const AUDIT_UNAVAILABLE_REASON: ItemError = Object.freeze({
  code: 'AUDIT_UNAVAILABLE',
  message: 'The job stopped because the audit trail could not be written.',
});

export const AUDIT_UNAVAILABLE_SKIP: ItemError = Object.freeze({
  code: 'JOB_STOPPED',
  message: 'Not run: the job stopped because the audit trail could not be written.',
});

export const OUTCOME_UNKNOWN: ItemError = Object.freeze({
  code: 'OUTCOME_UNKNOWN',
  message:
    'The job stopped while this row was running and its outcome could not be confirmed after a restart; ' +
    'check the mailbox before retrying.',
});

export const INTERRUPTED: ItemError = Object.freeze({
  code: 'INTERRUPTED',
  message:
    'The job stopped while this row was running and this kind of job cannot check what happened; ' +
    'check the mailbox before retrying.',
});

export const CANCELLED_WHILE_RUNNING: ItemError = Object.freeze({
  code: 'CANCELLED_WHILE_RUNNING',
  message: 'The job was cancelled while this row was running; check the mailbox before retrying.',
});

export const EXECUTOR_ERROR: ItemError = Object.freeze({
  code: 'EXECUTOR_ERROR',
  message: 'Unexpected error while processing this row.',
});

/** Only for a pending item left over without a stop reason, which the engine should never produce. */
export const NOT_RUN: ItemError = Object.freeze({ code: 'NOT_RUN', message: 'Not run.' });
