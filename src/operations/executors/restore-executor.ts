import type { Clock, ItemExecutor } from '../ports.ts';
import { createRestoreTrackers } from './restore-batch-tracker.ts';
import { restoreRequestName, submitRestore, type RestoreExchange } from './restore-submit.ts';
import { guardTenantCalls } from './tenant-failure.ts';

export interface RestoreDeps {
  exchange: RestoreExchange;
  clock: Clock;
}

export interface RestoreSettings {
  /** Pause between listings of a job's requests; queues can sit at 0 % for long, so minutes in production. @default 120000 */
  pollIntervalMs?: number;
  /** Get-MailboxRestoreRequestStatistics reads per job per interval (finished requests first, then percent complete). @default 20 */
  statisticsPerInterval?: number;
  /** Restore into a directory-synced target with AllowLegacyDNMismatch instead of refusing it (opt-in: being deprecated). @default false */
  allowLegacyDnMismatch?: boolean;
}

/** `IMR-<first 8 of the job id>`: the BatchName every request of a job is submitted with, to list them in one call. */
function restoreBatchName(requestName: string): string {
  return requestName.replace(/-\d+$/, '');
}

/**
 * Restores each row's inactive mailbox into an existing one, in two phases. Submit: X500 → New-MailboxRestoreRequest
 * named `IMR-<job>-<row>` in the job's batch `IMR-<job>`, holding one of the engine's slots. Track: the row frees
 * its slot (the next row submits) and waits for the job's batch tracker, which lists the whole batch once per
 * interval (restore-batch-tracker.ts). Every attempt first looks for a request with that Name and the saved
 * requestGuid, so a retry or a restart resumes tracking and never submits twice.
 */
export function createRestoreExecutor(deps: RestoreDeps, settings: RestoreSettings = {}): ItemExecutor {
  const trackers = createRestoreTrackers(deps.exchange, deps.clock, {
    pollIntervalMs: settings.pollIntervalMs ?? 120_000,
    statisticsPerInterval: settings.statisticsPerInterval ?? 20,
  });
  return {
    async execute(item, context) {
      // A row carried over from an earlier job keeps tracking the request that job submitted, in that job's batch.
      const name = readText(item.checkpoint, 'name') ?? restoreRequestName(context.jobId, item.rowNumber);
      const batchName = restoreBatchName(name);
      return guardTenantCalls(async () => {
        // The Name is saved before anything is sent: a retry job under another job id (retryFailed) then looks for
        // this request, not for one of its own, and can never submit a second.
        if (!readText(item.checkpoint, 'name')) await context.saveCheckpoint({ name });
        let requestGuid = readText(item.checkpoint, 'requestGuid');
        if (!requestGuid) {
          const [existing] = await deps.exchange.getRestoreRequests({ name });
          if (existing) {
            requestGuid = existing.requestGuid;
          } else {
            const submitted = await submitRestore(item, name, deps.exchange, {
              allowLegacyDnMismatch: settings.allowLegacyDnMismatch ?? false,
              batchName,
              signal: context.signal,
              save: (checkpoint) => context.saveCheckpoint(checkpoint),
            });
            if (submitted.kind === 'refused') return submitted.outcome;
            requestGuid = submitted.requestGuid;
          }
          await context.saveCheckpoint({ step: 'submitted', requestGuid, name });
        }
        // From here the row only waits for Exchange: its slot lets the next row submit.
        context.releaseSlot?.();
        return trackers.track(batchName, { name, requestGuid }, context);
      });
    },

    // Whatever the tenant shows, running execute again is safe, so a crashed row is always `not_done`: execute
    // looks for a request with our Name before submitting (and resumes tracking when it finds one), re-reads
    // the target's addresses before adding the X500, and re-reads by Name when a submit fails.
    reconcile: async () => ({ state: 'not_done' }),
  };
}

function readText(checkpoint: Readonly<Record<string, unknown>> | null, key: string): string | undefined {
  const value = checkpoint?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
