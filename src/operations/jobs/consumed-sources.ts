/**
 * Sources our own operations already recovered. After New-Mailbox an inactive mailbox is gone from
 * `Get-Mailbox -InactiveMailboxOnly`, so a later file naming it would read "not found" — true, and useless to
 * the admin whose earlier job stopped half-way (mailbox recovered, licence never assigned). Pre-flight asks
 * this history first and names the job, the row and the step that is missing.
 */
import { hasReached, readRecoveryState } from '../executors/recovery-checkpoint.ts';
import type { BulkOperationResult } from '../model.ts';
import { PREFLIGHT_CODES } from '../preflight/preflight-codes.ts';
import { identityKey } from '../preflight/item-fields.ts';
import type { ValidationIssue } from '../validation-issue.ts';

export interface ConsumedSource {
  jobId: string;
  rowNumber: number;
  /** The UPN the mailbox was recovered under. */
  upn: string;
  /** The steps still to do, in words; empty when the row completed. */
  missing: string[];
  /** The job can still finish them (its operation is interrupted, not ended). */
  resumable: boolean;
}

/** By source (ExchangeGuid, lower case) and the identity as the file gave it. */
export function findConsumedSources(operations: readonly BulkOperationResult[]): Map<string, ConsumedSource> {
  const consumed = new Map<string, ConsumedSource>();
  for (const op of operations) {
    if (op.operationType !== 'recovery') continue;
    for (const item of op.items) {
      const state = readRecoveryState(item.checkpoint);
      if (!hasReached(state, 'mailboxCreated')) continue;
      const missing =
        item.status === 'completed'
          ? []
          : hasReached(state, 'licensed')
            ? ['the Temporary Access Pass']
            : ['the usage location and licence'];
      const entry: ConsumedSource = {
        jobId: op.jobId,
        rowNumber: item.rowNumber,
        upn: state.upn ?? item.targetIdentity ?? '',
        missing,
        resumable: op.state === 'running',
      };
      for (const key of [state.sourceGuid, item.sourceIdentity]) {
        if (key) consumed.set(keyOf(key), entry);
      }
    }
  }
  return consumed;
}

/**
 * Replaces each SOURCE_NOT_FOUND whose source one of our jobs recovered with SOURCE_RECOVERED_BY_US, naming the
 * job, the row, the UPN and what is missing (and how to finish it).
 */
export function explainConsumedSources(
  issues: readonly ValidationIssue[],
  sourceOfRow: (row: number) => string | undefined,
  consumed: ReadonlyMap<string, ConsumedSource>,
): ValidationIssue[] {
  if (consumed.size === 0) return [...issues];
  return issues.map((issue) => {
    if (issue.code !== PREFLIGHT_CODES.sourceNotFound || issue.row === null) return issue;
    const source = sourceOfRow(issue.row);
    const found = source === undefined ? undefined : consumed.get(keyOf(source));
    if (found === undefined) return issue;
    return { ...issue, code: PREFLIGHT_CODES.sourceRecoveredByUs, message: describe(source ?? '', found) };
  });
}

// A GUID matches with or without braces and dashes, in any case; other identities by their text.
function keyOf(identity: string): string {
  return identityKey(identity).replaceAll('-', '');
}

function describe(source: string, found: ConsumedSource): string {
  const what = `Job ${found.jobId} (row ${found.rowNumber}) already recovered ${source} as ${found.upn}`;
  if (found.missing.length === 0) return `${what}: there is nothing left to do for it.`;
  const finish = found.resumable
    ? `finish that job (the bot resumes it when it restarts; on the command line: mailbox-recovery resume ${found.jobId})`
    : `set it on ${found.upn} directly, or retry that job's failed rows`;
  return `${what}, but ${found.missing.join(' and ')} ${found.missing[0]?.startsWith('the usage') ? 'were' : 'was'} not set: ${finish}.`;
}
