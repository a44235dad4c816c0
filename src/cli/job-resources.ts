/**
 * What a job needs open while it runs — the tenant, then the data directory's stores (store/open-stores.ts,
 * which holds the directory's lock) — opened in that order and always closed in reverse, whatever fails on
 * the way: a command must never exit holding the lock or leave the sandbox server keeping the process alive.
 */
import type { JobStore } from '../operations/jobs/index.ts';
import type { OperationStore, AuditLog } from '../operations/ports.ts';
import { openStores } from '../store/open-stores.ts';
import type { TenantSession } from '../wiring/tenant-session.ts';

export interface JobResources {
  session: TenantSession;
  store: OperationStore;
  jobs: JobStore;
  audit: AuditLog;
}

export async function withJobResources<T>(
  open: { session: () => Promise<TenantSession>; dataDir: string },
  use: (resources: JobResources) => Promise<T>,
): Promise<T> {
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const session = await open.session();
    closers.push(() => session.close());
    const stores = await openStores(open.dataDir);
    closers.push(() => stores.close());
    return await use({ session, store: stores.operations, jobs: stores.jobs, audit: stores.audit });
  } finally {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch {
        // Keep closing the rest: the lock and the server must go even if one close fails, and the error that
        // brought us here (if any) is the one worth reporting.
      }
    }
  }
}
