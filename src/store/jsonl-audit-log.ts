/**
 * The audit trail: append-only JSON Lines with a SHA-256 hash chain (see audit-hash.ts), one entry per event,
 * fsync'd before `append` resolves. Appends are group-committed: those that arrive while a write is in
 * flight go out together in the next write + fsync, each still resolving only after its own entry is on disk.
 * One process per data directory appends (the job store holds the directory's lock).
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { JsonObject } from '../operations/model.ts';
import type { AuditEntry, AuditEvent, AuditLog, Clock } from '../operations/ports.ts';
import { systemClock } from '../operations/system-clock.ts';
import { formatAuditLine, parseAuditLine } from './audit-entry-format.ts';
import { computeEntryHash, GENESIS_HASH } from './audit-hash.ts';
import { AuditHeadWriter, headPathOf, readAuditHead } from './audit-head.ts';
import { quarantineTornTail, readAuditTail } from './audit-tail.ts';
import type { DataDir } from './data-dir.ts';
import { syncDirectory } from './durable-fs.ts';
import { redactSecrets } from './redact-secrets.ts';
import { AuditLogCorruptError, AuditLogTruncatedError, AuditLogWriteError, StoreClosedError } from './store-errors.ts';

export interface JsonlAuditLogOptions {
  dataDir: DataDir;
  /** @default systemClock */
  clock?: Clock;
  /** @default 'audit.jsonl' */
  fileName?: string;
}

interface QueuedAppend {
  event: AuditEvent;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
}

export class JsonlAuditLog implements AuditLog {
  readonly path: string;
  /** Where a torn last entry found at open was moved to, if there was one. */
  readonly quarantinedTail: string | null;
  readonly #clock: Clock;
  readonly #handle: FileHandle;
  readonly #head: AuditHeadWriter;
  #nextSeq: number;
  #prevHash: string;
  #queue: QueuedAppend[] = [];
  #writing: Promise<void> = Promise.resolve();
  #writerActive = false;
  #failure: AuditLogWriteError | undefined;
  #closed = false;

  private constructor(init: {
    path: string;
    clock: Clock;
    handle: FileHandle;
    head: AuditHeadWriter;
    last: AuditEntry | undefined;
    quarantinedTail: string | null;
  }) {
    this.path = init.path;
    this.#clock = init.clock;
    this.#handle = init.handle;
    this.#head = init.head;
    this.#nextSeq = (init.last?.seq ?? 0) + 1;
    this.#prevHash = init.last?.hash ?? GENESIS_HASH;
    this.quarantinedTail = init.quarantinedTail;
  }

  /** Continues the chain from the last entry on disk (reading only the end of the file). */
  static async open(options: JsonlAuditLogOptions): Promise<JsonlAuditLog> {
    const clock = options.clock ?? systemClock;
    if (options.dataDir.closed) throw new StoreClosedError('data directory');
    const path = options.dataDir.resolve(options.fileName ?? 'audit.jsonl');
    const tail = await readAuditTail(path);
    const quarantinedTail = tail.tornTail.length > 0 ? await quarantineTornTail(path, tail, clock.now()) : null;
    const last = readLastEntry(path, tail.lastLine);
    // Continuing a trail that lost its end would write new entries over the evidence (and a new head).
    const headPath = headPathOf(path);
    const anchored = await readAuditHead(headPath);
    if (anchored !== undefined && (last === undefined || anchored.seq > last.seq)) {
      throw new AuditLogTruncatedError(path, anchored.seq, last?.seq ?? 0);
    }
    if (anchored !== undefined && anchored.seq === last?.seq && anchored.hash !== last.hash) {
      throw new AuditLogCorruptError(path, `entry ${last.seq} is not the entry its head (${headPath}) recorded`);
    }
    const head = await AuditHeadWriter.open(headPath, last && { seq: last.seq, hash: last.hash });
    const handle = await open(path, 'a');
    await syncDirectory(options.dataDir.path);
    return new JsonlAuditLog({ path, clock, handle, head, last, quarantinedTail });
  }

  /** Resolves with the sealed entry once it is fsync'd. `details` are stored with secrets redacted. */
  append(event: AuditEvent): Promise<AuditEntry> {
    if (this.#closed) return Promise.reject(new StoreClosedError('audit trail'));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    let snapshot: AuditEvent;
    try {
      // Copied now: the caller may mutate its event once append returns.
      snapshot = { ...event, details: toJsonDetails(event.details) };
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      this.#queue.push({ event: snapshot, resolve, reject });
      if (!this.#writerActive) {
        this.#writerActive = true;
        this.#writing = this.#writeQueued();
      }
    });
  }

  /** Every entry, oldest first, optionally only those of one operation (waits for appends under way). */
  async readAll(jobId?: string): Promise<AuditEntry[]> {
    await this.#writing;
    const text = await readFile(this.path, 'utf8');
    const entries: AuditEntry[] = [];
    for (const [index, line] of text.split('\n').entries()) {
      if (line === '') continue;
      const parsed = parseAuditLine(line);
      if (parsed.kind !== 'entry') {
        throw new AuditLogCorruptError(this.path, `line ${index + 1} is not an audit entry`);
      }
      if (jobId === undefined || parsed.entry.jobId === jobId) entries.push(parsed.entry);
    }
    return entries;
  }

  /** Waits for appends under way, then closes the file. Later appends are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writing;
    await this.#head.close();
    await this.#handle.close();
  }

  /** Never rejects: every failure is reported to the appends it concerns. */
  async #writeQueued(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#writeBatch(this.#queue.splice(0));
    } finally {
      // Cleared in the same tick as the last queue check (no await in between), so an append made by a
      // caller whose entry was just resolved starts a new writer instead of waiting for this one.
      this.#writerActive = false;
    }
  }

  async #writeBatch(batch: QueuedAppend[]): Promise<void> {
    if (this.#failure === undefined && this.#head.failure !== undefined) {
      this.#failure = new AuditLogWriteError(headPathOf(this.path), { cause: this.#head.failure });
    }
    if (this.#failure !== undefined) {
      for (const append of batch) append.reject(this.#failure);
      return;
    }
    let entries: AuditEntry[];
    try {
      entries = batch.map((append) => this.#seal(append.event));
      await this.#handle.appendFile(entries.map((entry) => `${formatAuditLine(entry)}\n`).join(''), 'utf8');
      await this.#handle.sync();
    } catch (error) {
      // What reached the disk is unknown, so the chain cannot safely continue in this process.
      this.#failure = new AuditLogWriteError(this.path, { cause: error });
      for (const append of batch) append.reject(this.#failure);
      return;
    }
    // Anchored after the entries are on disk, so the head never claims more than the trail holds.
    const newest = entries.at(-1);
    if (newest !== undefined) this.#head.record({ seq: newest.seq, hash: newest.hash });
    batch.forEach((append, index) => append.resolve(entries[index] as AuditEntry));
  }

  #seal(event: AuditEvent): AuditEntry {
    const unsealed: Omit<AuditEntry, 'hash'> = {
      seq: this.#nextSeq,
      ts: this.#clock.now().toISOString(),
      actor: event.actor,
      action: event.action,
      jobId: event.jobId,
      ...(event.row === undefined || event.row === null ? {} : { row: event.row }),
      details: event.details,
      prevHash: this.#prevHash,
    };
    const entry: AuditEntry = { ...unsealed, hash: computeEntryHash(unsealed) };
    this.#nextSeq += 1;
    this.#prevHash = entry.hash;
    return entry;
  }
}

/**
 * Redacted, and through a JSON round trip so the hashed object is exactly what `audit verify` will parse
 * back (a Date would otherwise hash as `{}` but be written as a string).
 */
function toJsonDetails(details: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(redactSecrets(details ?? {}))) as JsonObject;
}

function readLastEntry(path: string, lastLine: string | undefined): AuditEntry | undefined {
  if (lastLine === undefined) return undefined;
  const parsed = parseAuditLine(lastLine);
  if (parsed.kind !== 'entry') {
    throw new AuditLogCorruptError(path, 'its last line is not an audit entry, so the chain cannot be continued');
  }
  return parsed.entry;
}
