import type { Clock, ItemExecutor } from '../ports.ts';
import { restoreRequestName, submitRestore, type RestoreExchange } from './restore-submit.ts';
import { trackRestore } from './restore-tracking.ts';
import { guardTenantCalls } from './tenant-failure.ts';

export interface RestoreDeps {
  exchange: RestoreExchange;
  clock: Clock;
}

export interface RestoreSettings {
  /** Pause between statistics polls; queues can sit at 0 % for long, so minutes in production. @default 120000 */
  pollIntervalMs?: number;
  /** Restore into a directory-synced target with AllowLegacyDNMismatch instead of refusing it (opt-in: being deprecated). @default false */
  allowLegacyDnMismatch?: boolean;
}

/**
 * Restores each row's inactive mailbox into an existing one: X500 → New-MailboxRestoreRequest named
 * `IMR-<job>-<row>` → tracking until the request finishes. Every attempt first looks for a request with that
 * Name, so a retry or a restart resumes tracking and never submits twice.
 */
export function createRestoreExecutor(deps: RestoreDeps, settings: RestoreSettings = {}): ItemExecutor {
  const pollIntervalMs = settings.pollIntervalMs ?? 120_000;
  return {
    async execute(item, context) {
      // A row carried over from an earlier job keeps tracking the request that job submitted.
      const name = readText(item.checkpoint, 'name') ?? restoreRequestName(context.jobId, item.rowNumber);
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
              signal: context.signal,
              save: (checkpoint) => context.saveCheckpoint(checkpoint),
            });
            if (submitted.kind === 'refused') return submitted.outcome;
            requestGuid = submitted.requestGuid;
          }
          await context.saveCheckpoint({ step: 'submitted', requestGuid, name });
        }
        return trackRestore({ name, requestGuid }, deps.exchange, deps.clock, pollIntervalMs, context);
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
