import type { ItemExecutor } from '../ports.ts';
import { formatHolds } from '../preflight/describe-holds.ts';
import { resolveSource } from '../preflight/resolve-source.ts';
import { runPreflight, type PreflightOptions } from '../preflight/run-preflight.ts';
import type { TenantSnapshot } from '../preflight/tenant-snapshot.ts';
import { guardTenantCalls } from './tenant-failure.ts';

export interface ValidateDeps {
  /** The job's snapshot; called once per executor (so once per job), the first time a row needs it. */
  loadSnapshot: () => Promise<TenantSnapshot>;
  preflightOptions?: PreflightOptions;
}

/**
 * Gives each row its eligibility verdict from the same checks as the pre-flight, one row at a time (checks
 * that span rows — licence counts, names shared between rows — belong to the file pre-flight). Reads only.
 */
export function createValidateExecutor(deps: ValidateDeps): ItemExecutor {
  let snapshot: Promise<TenantSnapshot> | undefined;
  // A failed load is forgotten so that the next row (or the engine's retry) tries again.
  const loadOnce = (): Promise<TenantSnapshot> => {
    const pending = deps.loadSnapshot();
    pending.catch(() => {
      if (snapshot === pending) snapshot = undefined;
    });
    return pending;
  };
  return {
    async execute(item, context) {
      context.signal.throwIfAborted();
      return guardTenantCalls(async () => {
        const tenant = await (snapshot ??= loadOnce());
        const issues = runPreflight([item], 'validate', tenant, deps.preflightOptions);
        const codes = (severity: 'error' | 'warning') =>
          [...new Set(issues.filter((issue) => issue.severity === severity).map((issue) => issue.code))].join('; ');
        const resolution = resolveSource(item.sourceIdentity, tenant);
        return {
          status: 'completed',
          result: {
            eligible: !issues.some((issue) => issue.severity === 'error'),
            blockers: codes('error'),
            warnings: codes('warning'),
            holds: resolution.kind === 'inactive' ? formatHolds(resolution.mailbox) : '',
            details: issues.map((issue) => issue.message).join(' '),
          },
        };
      });
    },
  };
}
