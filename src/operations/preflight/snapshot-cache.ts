import type { Clock } from '../ports.ts';
import type { TenantSnapshot } from './tenant-snapshot.ts';

export interface SnapshotCache {
  /** The snapshot cached under `key` if younger than the TTL, else the result of `build` (then cached). */
  get(key: string, build: () => Promise<TenantSnapshot>): Promise<TenantSnapshot>;
}

/**
 * Re-validating the same file within a few minutes (a fix-and-resend, an approver's "check again") should not
 * read the whole tenant again. The key is the caller's: e.g. operation type + file hash. Concurrent gets for
 * one key share one build; a failed build is not cached.
 */
export function createSnapshotCache(ttlMs: number, clock: Pick<Clock, 'now'>): SnapshotCache {
  const entries = new Map<string, { builtAt: number; snapshot: Promise<TenantSnapshot> }>();
  return {
    get(key, build) {
      const now = clock.now().getTime();
      for (const [cachedKey, entry] of entries) if (now - entry.builtAt >= ttlMs) entries.delete(cachedKey);
      const cached = entries.get(key);
      if (cached) return cached.snapshot;
      const snapshot = build();
      const entry = { builtAt: now, snapshot };
      entries.set(key, entry);
      snapshot.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return snapshot;
    },
  };
}
