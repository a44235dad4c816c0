import type { BulkOperationItem, JsonObject } from '../model.ts';
import type { ExecutionContext } from '../ports.ts';

/**
 * The recovery steps, in order; each is saved in `item.checkpoint` once finished (or, for `mailboxRequested` and
 * `tapRequested`, just before New-Mailbox or the Temporary Access Pass request is sent).
 */
export const RECOVERY_STEPS = [
  'rechecked',
  'mailboxRequested',
  'mailboxCreated',
  'userVisible',
  'licensed',
  'tapRequested',
  'tapIssued',
] as const;
export type RecoveryStep = (typeof RECOVERY_STEPS)[number];

/** What a checkpoint holds: identities only, never the password or the Temporary Access Pass. */
export interface RecoveryState {
  step: RecoveryStep | null;
  sourceGuid?: string;
  exchangeGuid?: string;
  upn?: string;
  userId?: string;
  licenseAssigned?: string;
}

export function readRecoveryState(checkpoint: JsonObject | null): RecoveryState {
  const step = checkpoint?.['step'];
  const text = (key: string): string | undefined => {
    const value = checkpoint?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    step: (RECOVERY_STEPS as readonly unknown[]).includes(step) ? (step as RecoveryStep) : null,
    sourceGuid: text('sourceGuid'),
    exchangeGuid: text('exchangeGuid'),
    upn: text('upn'),
    userId: text('userId'),
    licenseAssigned: text('licenseAssigned'),
  };
}

export function hasReached(state: RecoveryState, step: RecoveryStep): boolean {
  return state.step !== null && RECOVERY_STEPS.indexOf(state.step) >= RECOVERY_STEPS.indexOf(step);
}

/** The result columns of a recovered row (the foundation's exporter turns them into CSV columns). */
export function recoveryResult(state: RecoveryState, upn: string): JsonObject {
  return {
    newUserPrincipalName: state.upn ?? upn,
    newExchangeGuid: state.exchangeGuid ?? '',
    licenseAssigned: state.licenseAssigned ?? '',
    temporaryAccessPassIssued: hasReached(state, 'tapIssued'),
  };
}

/** Drops unset fields: a checkpoint is JSON. */
export function toCheckpoint(patch: Partial<RecoveryState>): JsonObject {
  const checkpoint: JsonObject = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) checkpoint[key] = value;
  return checkpoint;
}

/** One attempt at one row: the state so far and how to record the next finished step. */
export interface RecoveryRun {
  item: Readonly<BulkOperationItem>;
  context: ExecutionContext;
  upn: string;
  state: RecoveryState;
  save(patch: Partial<RecoveryState> & { step: RecoveryStep }): Promise<void>;
}

export function startRecoveryRun(
  item: Readonly<BulkOperationItem>,
  context: ExecutionContext,
  upn: string,
): RecoveryRun {
  const state = readRecoveryState(item.checkpoint);
  return {
    item,
    context,
    upn,
    state,
    async save(patch) {
      await context.saveCheckpoint(toCheckpoint(patch));
      Object.assign(state, patch);
    },
  };
}
