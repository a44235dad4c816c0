/**
 * An operation's snapshot, `<dataDir>/operations/<jobId>.json`: the whole operation as of some change, its audit
 * outbox beside it (not inside it), and the generation of the journal that carries on from it:
 * `{ formatVersion: 2, journal: 3, unaudited: [...], operation: {...} }`.
 *
 * Version 1 (`{ formatVersion: 1, operation }`, written whole by lowdb on every save, the outbox inside the
 * operation's `engine`) still reads, and `migrateFolder` (file-operation-store.ts) rewrites such files once at open.
 *
 * A snapshot of a 50,000-row job is ~25 MB of JSON, so it is written a chunk of rows at a time (lowdb's
 * JSONFile stringifies the whole document in one go, stalling the event loop for the length of it), into a
 * temp file that is fsync'd and renamed into place, so a reader or a crash never sees half a snapshot.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { BulkOperationItem, BulkOperationResult } from '../operations/model.ts';
import type { OperationHeader, OutboxEvent } from '../operations/ports.ts';
import { errorCodeOf, syncDirectory } from './durable-fs.ts';
import { renameLegacyOperationId } from './record-files.ts';
import { redactSecrets } from './redact-secrets.ts';
import { StoredOperationCorruptError } from './store-errors.ts';

export const SNAPSHOT_FORMAT_VERSION = 2;
const ROWS_PER_CHUNK = 500;

export interface OperationSnapshot {
  header: OperationHeader;
  items: BulkOperationItem[];
  unaudited: OutboxEvent[];
  /** The first journal generation that carries on from this snapshot. */
  journal: number;
  /** The file was written in format 1. */
  legacy: boolean;
}

export function snapshotPathOf(folder: string, jobId: string): string {
  return join(folder, `${jobId}.json`);
}

/** The snapshot on disk, or `undefined` when the job has none; `StoredOperationCorruptError` when unreadable. */
export async function readSnapshot(folder: string, jobId: string): Promise<OperationSnapshot | undefined> {
  const path = snapshotPathOf(folder, jobId);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new StoredOperationCorruptError(path, 'it is not valid JSON', { cause: error });
  }
  return parseSnapshot(document, path, jobId);
}

function parseSnapshot(document: unknown, path: string, jobId: string): OperationSnapshot {
  if (typeof document !== 'object' || document === null || !('formatVersion' in document)) {
    throw new StoredOperationCorruptError(path, 'it is not a saved operation');
  }
  const { formatVersion } = document;
  if (formatVersion !== 1 && formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    throw new StoredOperationCorruptError(path, `its format version ${String(formatVersion)} is unknown`);
  }
  const fields = document as Record<string, unknown>;
  const value = fields.operation;
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { items?: unknown }).items)) {
    throw new StoredOperationCorruptError(path, 'it holds no operation');
  }
  const operation = renameLegacyOperationId(value as Record<string, unknown>) as unknown as BulkOperationResult;
  if (operation.jobId !== jobId) {
    throw new StoredOperationCorruptError(path, `it holds operation ${String(operation.jobId)}`);
  }
  const { items, ...header } = operation;
  if (formatVersion === 1) return fromFormat1(header, items);
  const journal = fields.journal;
  if (typeof journal !== 'number' || !Number.isSafeInteger(journal) || journal < 1) {
    throw new StoredOperationCorruptError(path, 'it names no journal');
  }
  const unaudited = Array.isArray(fields.unaudited) ? (fields.unaudited as OutboxEvent[]) : [];
  return { header, items, unaudited, journal, legacy: false };
}

/** Format 1 kept the outbox inside the operation, as `engine.unaudited`: it moves out, with ids of its own. */
function fromFormat1(header: OperationHeader, items: BulkOperationItem[]): OperationSnapshot {
  const engine = (header as { engine?: unknown }).engine;
  if (typeof engine !== 'object' || engine === null || !('unaudited' in engine)) {
    return { header, items, unaudited: [], journal: 1, legacy: true };
  }
  const { unaudited, ...rest } = engine as { unaudited: unknown };
  const events = Array.isArray(unaudited) ? (unaudited as OutboxEvent['event'][]) : [];
  return {
    header: { ...header, engine: rest } as OperationHeader,
    items,
    unaudited: events.map((event, index) => ({ id: `format1-${index + 1}`, event })),
    journal: 1,
    legacy: true,
  };
}

/**
 * Writes the snapshot (already redacted: the store redacts every change as it arrives) in chunks, fsyncs it,
 * renames it into place and fsyncs the folder. The caller must not change `items`' elements meanwhile (the
 * store replaces a changed row instead of editing it, and passes a copy of the array).
 */
export async function writeSnapshot(folder: string, jobId: string, snapshot: Omit<OperationSnapshot, 'legacy'>) {
  const path = snapshotPathOf(folder, jobId);
  const temp = join(folder, `.${jobId}.json.tmp`);
  const handle = await open(temp, 'w');
  try {
    const operation = JSON.stringify(snapshot.header);
    const head =
      `{"formatVersion":${SNAPSHOT_FORMAT_VERSION},"journal":${snapshot.journal},` +
      `"unaudited":${JSON.stringify(snapshot.unaudited)},"operation":${operation.slice(0, -1)},"items":[`;
    await handle.write(head);
    for (let start = 0; start < snapshot.items.length; start += ROWS_PER_CHUNK) {
      const chunk = snapshot.items.slice(start, start + ROWS_PER_CHUNK).map((item) => JSON.stringify(item));
      await handle.write(`${start === 0 ? '' : ','}${chunk.join(',')}`);
    }
    await handle.write(']}}\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await syncDirectory(folder);
}

/** Rewrites a format-1 snapshot as format 2 (the outbox moved beside the operation). */
export async function migrateSnapshot(folder: string, jobId: string, snapshot: OperationSnapshot): Promise<void> {
  await writeSnapshot(folder, jobId, redactSecrets({ ...snapshot, journal: 1 }));
}
