import type { ItemOutcome } from '../ports.ts';
import { TenantError } from '../tenant-ports.ts';

/** The engine's view of a tenant failure: same code and sentence, same class, the server's Retry-After. */
export function toFailedOutcome(error: TenantError, message: string = error.message): ItemOutcome {
  const failure = { code: error.code, message };
  return error.errorClass === 'transient'
    ? { status: 'failed', error: failure, errorClass: 'transient', retryAfterMs: error.retryAfterMs }
    : { status: 'failed', error: failure, errorClass: error.errorClass };
}

export function failPermanently(code: string, message: string): ItemOutcome {
  return { status: 'failed', error: { code, message }, errorClass: 'permanent' };
}

export function failTransiently(code: string, message: string, retryAfterMs?: number): ItemOutcome {
  return { status: 'failed', error: { code, message }, errorClass: 'transient', retryAfterMs };
}

/**
 * Runs an executor body and turns a TenantError into its outcome; `explain` may give a better sentence for a
 * known code. Anything else (an abort, a bug) propagates: the engine decides what an unexpected error means.
 */
export async function guardTenantCalls(
  run: () => Promise<ItemOutcome>,
  explain?: (error: TenantError) => ItemOutcome | undefined,
): Promise<ItemOutcome> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof TenantError)) throw error;
    return explain?.(error) ?? toFailedOutcome(error);
  }
}
