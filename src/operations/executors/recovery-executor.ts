import type { Clock, ItemExecutor, ItemOutcome } from '../ports.ts';
import {
  TENANT_ERROR_CODES,
  type DirectoryUser,
  type ExchangeGateway,
  type GraphGateway,
  type TenantError,
} from '../tenant-ports.ts';
import { deriveMailboxName } from '../preflight/derive-mailbox-name.ts';
import { PREFLIGHT_CODES } from '../preflight/preflight-codes.ts';
import { generatePassword } from './generate-password.ts';
import {
  applyLicence,
  createSkuLookup,
  issueTemporaryAccessPass,
  type AccessSettings,
  type TemporaryAccessPassDelivery,
} from './recovery-access-steps.ts';
import { hasReached, recoveryResult, startRecoveryRun, type RecoveryRun } from './recovery-checkpoint.ts';
import { ensureRecoveredMailbox } from './recovery-mailbox-step.ts';
import { reconcileRecovery } from './recovery-reconcile.ts';
import { failPermanently, failTransiently, guardTenantCalls, toFailedOutcome } from './tenant-failure.ts';
import { waitForUser } from './wait-for-user.ts';

export const USER_NOT_VISIBLE = 'USER_NOT_VISIBLE';
export const TARGET_UPN_MISSING = 'TARGET_UPN_MISSING';

export interface RecoveryDeps {
  exchange: Pick<ExchangeGateway, 'getMailbox' | 'newMailboxFromInactive'>;
  graph: Pick<
    GraphGateway,
    | 'getUser'
    | 'setUsageLocation'
    | 'assignLicense'
    | 'listSubscribedSkus'
    | 'createTemporaryAccessPass'
    | 'listTemporaryAccessPasses'
    | 'deleteTemporaryAccessPass'
  >;
  clock: Clock;
  secrets: TemporaryAccessPassDelivery;
  /** @default a 24-character CSPRNG password (generate-password.ts) */
  generatePassword?: () => string;
}

export interface RecoverySettings extends AccessSettings {
  /** How long to wait for the new user to appear in Graph before a transient failure. @default 300000 */
  userWaitTimeoutMs?: number;
  /** First pause between Graph look-ups of the new user; doubles up to `userWaitMaxDelayMs`. @default 2000 */
  userWaitBaseDelayMs?: number;
  /** @default 30000 */
  userWaitMaxDelayMs?: number;
  /** Create a one-time Temporary Access Pass for each recovered user and deliver it to the requester. @default false */
  issueTemporaryAccessPass?: boolean;
}

/**
 * Recovers each row's inactive mailbox into a new mailbox and user, as checkpointed steps:
 * rechecked → mailboxRequested → mailboxCreated → userVisible → licensed → tapRequested → tapIssued. A retry or a restart
 * continues after the last saved step and never repeats a write it cannot prove undone.
 */
export function createRecoveryExecutor(deps: RecoveryDeps, settings: RecoverySettings = {}): ItemExecutor {
  const lookUpSku = createSkuLookup(deps.graph);
  const makePassword = deps.generatePassword ?? (() => generatePassword());
  const timing = {
    timeoutMs: settings.userWaitTimeoutMs ?? 300_000,
    baseDelayMs: settings.userWaitBaseDelayMs ?? 2_000,
    maxDelayMs: settings.userWaitMaxDelayMs ?? 30_000,
  };

  /**
   * A cancel lets the rows in flight finish, as the card promises: a row that has begun runs its steps to the end
   * (a handful of calls) instead of stopping half-way with a recovered mailbox and no licence. Only a row not yet
   * begun, and the wait for the new user (minutes), stop on the signal; a retry resumes from the checkpoint.
   */
  async function runSteps(run: RecoveryRun): Promise<ItemOutcome> {
    const { state, upn, context } = run;
    context.signal.throwIfAborted();
    if (!hasReached(state, 'mailboxCreated')) {
      const refusal = await ensureRecoveredMailbox(run, deps.exchange, makePassword);
      if (refusal) return refusal;
    }
    let user: DirectoryUser | null = null;
    if (!hasReached(state, 'userVisible')) {
      user = await waitForUser(deps.graph, deps.clock, upn, timing, context.signal);
      if (!user) {
        const minutes = Math.round(timing.timeoutMs / 60_000);
        return failTransiently(
          USER_NOT_VISIBLE,
          `The mailbox was recovered, but the user ${upn} has not appeared in Microsoft Entra ID after ${minutes} minutes; a retry continues from this step.`,
        );
      }
      await run.save({ step: 'userVisible', userId: user.id });
    }
    const userId = state.userId ?? upn;
    if (!hasReached(state, 'licensed')) {
      // Resumed after the user was seen: read what a killed attempt may already have written.
      const current = user ?? (await deps.graph.getUser(userId));
      const unchanged = { id: userId, usageLocation: null, assignedLicenses: [] };
      const refusal = await applyLicence(run, current ?? unchanged, deps.graph, lookUpSku, settings);
      if (refusal) return refusal;
    }
    if (settings.issueTemporaryAccessPass && !hasReached(state, 'tapIssued')) {
      const refusal = await issueTemporaryAccessPass(run, userId, deps.graph, deps.secrets);
      if (refusal) return refusal;
    }
    return { status: 'completed', result: recoveryResult(state, upn) };
  }

  return {
    async execute(item, context) {
      const upn = item.targetIdentity?.trim();
      if (!upn) return failPermanently(TARGET_UPN_MISSING, `Row ${item.rowNumber} names no target UPN.`);
      const run = startRecoveryRun(item, context, upn);
      return guardTenantCalls(
        () => runSteps(run),
        (error) => explainFailure(run, error),
      );
    },
    reconcile: (item) => reconcileRecovery(item, deps.exchange, settings),
  };
}

function explainFailure(run: RecoveryRun, error: TenantError): ItemOutcome | undefined {
  if (error.code === TENANT_ERROR_CODES.nameInUse) {
    const name = deriveMailboxName(run.upn);
    return failPermanently(
      PREFLIGHT_CODES.nameInUse,
      `Exchange says the mailbox name '${name}' (the first part of ${run.upn}) is already in use; choose a target UPN with a different first part.`,
    );
  }
  if (error.code === TENANT_ERROR_CODES.additionalShards) {
    return failPermanently(
      PREFLIGHT_CODES.auxPrimaryShard,
      `The inactive mailbox ${run.item.sourceIdentity} cannot be recovered because it has additional shards (an auto-expanded archive); restore it into an existing mailbox instead.`,
    );
  }
  if (error.errorClass === 'permanent' && hasReached(run.state, 'mailboxCreated')) {
    return toFailedOutcome(error, `The mailbox was recovered as ${run.upn}, but a later step failed: ${error.message}`);
  }
  return undefined;
}
