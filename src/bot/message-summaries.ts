/**
 * The one sentence each message the bot sends outside a turn says in the Teams activity feed and notification
 * (see `cardMessage`). Short and specific: what happened to which file, never a secret.
 */
import type { JobRecord } from '../operations/jobs/index.ts';
import type { BulkOperationType, OperationTotals } from '../operations/model.ts';

const OPERATION_NOUNS: Record<BulkOperationType, string> = {
  recovery: 'recovery',
  restore: 'restore',
  validate: 'validation',
  export: 'export',
};

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type JobFacts = Pick<JobRecord, 'type' | 'fileName'>;

/** "Approval needed: recovery of 12 mailboxes from leavers.csv (requested by Ada)". */
export function summariseApprovalRequest(
  job: Pick<JobRecord, 'type' | 'fileName' | 'rowCounts' | 'requester'>,
): string {
  const rows = count(job.rowCounts.ready, 'mailbox', 'mailboxes');
  return `Approval needed: ${OPERATION_NOUNS[job.type]} of ${rows} from ${job.fileName} (requested by ${job.requester.name})`;
}

export function summariseProgress(job: JobFacts, totals: OperationTotals): string {
  const done = totals.completed + totals.failed + totals.skipped;
  return `${capitalise(OPERATION_NOUNS[job.type])} of ${job.fileName}: ${done} of ${count(totals.total, 'row')} done`;
}

export function summariseCompletion(job: JobFacts, totals: OperationTotals): string {
  const failed = totals.failed === 0 ? '' : `, ${totals.failed} failed`;
  return `${capitalise(OPERATION_NOUNS[job.type])} of ${job.fileName} finished: ${totals.completed} of ${count(totals.total, 'row')} completed${failed}`;
}

/** Names the mailbox only: the pass itself stays inside the card. */
export function summariseAccessPass(userPrincipalName: string): string {
  return `Temporary Access Pass for ${userPrincipalName}`;
}

export function summariseValidating(fileName: string, rowCount: number): string {
  return `Checking ${fileName} (${count(rowCount, 'row')})`;
}

export function summariseValidation(fileName: string, counts: { total: number; ready: number }): string {
  return `${fileName} checked: ${counts.ready} of ${count(counts.total, 'row')} ready`;
}

export function summariseTypeChoice(fileName: string): string {
  return `${fileName}: choose what to do with it`;
}

export function summariseValidationFailure(fileName: string): string {
  return `I could not check ${fileName}`;
}
