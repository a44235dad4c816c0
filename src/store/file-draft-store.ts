/**
 * Drafts (operations/draft-store.ts) as one document per draft at `<dataDir>/drafts/<kind>/<id>.json`, written
 * and fsync'd like jobs (record-files.ts). A deleted draft is written as a tombstone rather than unlinked, so a
 * crash mid-delete never leaves half a file; `encode`/`decode` turn what JSON cannot hold (bytes) into text.
 */
import type { DraftStore } from '../operations/draft-store.ts';
import type { DataDir } from './data-dir.ts';
import { RecordFiles } from './record-files.ts';
import { StoreClosedError } from './store-errors.ts';

interface StoredDraft {
  id: string;
  /** null: deleted. */
  draft: unknown;
}

export class StoredDraftCorruptError extends Error {
  readonly code = 'STORED_DRAFT_CORRUPT';
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`The saved draft ${path} cannot be read: ${reason}.`, options);
    this.name = 'StoredDraftCorruptError';
  }
}

export interface DraftCodec<T> {
  encode(draft: T): unknown;
  decode(stored: unknown): T;
}

export async function openFileDraftStore<T>(
  dataDir: DataDir,
  kind: string,
  codec: DraftCodec<T> = { encode: (draft) => draft, decode: (stored) => stored as T },
): Promise<DraftStore<T>> {
  const files = await RecordFiles.open<StoredDraft>(dataDir, {
    folder: `drafts/${kind}`,
    key: 'draft',
    idOf: (record) => record.id,
    corrupt: (path, reason, options) => new StoredDraftCorruptError(path, reason, options),
  });
  // One write at a time per id, as record-files.ts asks of its callers.
  const queues = new Map<string, Promise<unknown>>();
  const queued = <R>(id: string, work: () => Promise<R>): Promise<R> => {
    if (dataDir.closed) return Promise.reject(new StoreClosedError('draft store'));
    const next = (queues.get(id) ?? Promise.resolve()).then(work, work);
    queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  };
  return {
    async get(id) {
      const stored = await files.read(id);
      return stored === undefined || stored.draft === null ? undefined : codec.decode(stored.draft);
    },
    put: (id, draft) => queued(id, async () => void (await files.write({ id, draft: codec.encode(draft) }))),
    delete: (id) => queued(id, async () => void (await files.write({ id, draft: null }))),
  };
}
