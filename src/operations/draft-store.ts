/**
 * Work a person started in a chat that is not a job yet — a file whose type they still have to choose, a
 * `recover` wizard half filled in — kept durably, so that a restart between two clicks loses nothing. One
 * store per kind of draft; ids are the bot's own (safe record ids).
 */
export interface DraftStore<T> {
  get(id: string): Promise<T | undefined>;
  /** Creates or replaces the draft; resolves once it is on disk. */
  put(id: string, draft: T): Promise<void>;
  /** Forgets the draft (it became a job, or was abandoned). Deleting an unknown id does nothing. */
  delete(id: string): Promise<void>;
}

/** An id a card may carry back for a draft: anything else (forged, mangled) names no draft. */
export function isDraftId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id);
}

/** For tests and a bot without a data directory: the same contract, in memory (drafts are copied). */
export function memoryDraftStore<T>(): DraftStore<T> {
  const drafts = new Map<string, T>();
  return {
    get: async (id) => (drafts.has(id) ? structuredClone(drafts.get(id)) : undefined),
    put: async (id, draft) => void drafts.set(id, structuredClone(draft)),
    delete: async (id) => void drafts.delete(id),
  };
}
