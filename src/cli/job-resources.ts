/**
 * What a job needs open while it runs — the tenant, the job store (which takes the data-directory lock) and
 * the audit trail — opened in that order and always closed in reverse, whatever fails on the way: a command
 * must never exit holding the lock or leave the sandbox server keeping the process alive.
 */
import type { OperationStore, AuditLog } from '../operations/ports.ts';
import { FileOperationStore } from '../store/file-operation-store.ts';
import { JsonlAuditLog } from '../store/jsonl-audit-log.ts';
import type { TenantSession } from './tenant-session.ts';

export interface JobResources {
  session: TenantSession;
  store: OperationStore;
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
    const store = await FileOperationStore.open({ dataDir: open.dataDir });
    closers.push(() => store.close());
    const audit = await JsonlAuditLog.open({ dataDir: open.dataDir });
    closers.push(() => audit.close());
    return await use({ session, store, audit });
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
