/**
 * One job's saved state: a snapshot (operation-snapshot.ts) and an append-only journal of the changes since
 * (operation-replay.ts). A change costs one line, whatever the job's size: the header and the rows it names.
 *
 * Group commit: changes that arrive while a durable write is under way go out together in the next one (at
 * concurrency 16 a whole lane of row steps shares one write), each resolving only once its own line is on disk.
 * Now and then — once the journal holds as many lines as the job has rows (at least COMPACT_AFTER_LINES), and
 * when the job has finished — the state is written as a new snapshot and the journal starts again, so the
 * rewriting costs a bounded amount per change and a finished job is one file. On disk a journal is its lines,
 * then zeros (see GROW_MIN_BYTES); replay ends at the first zero byte (operation-replay.ts).
 *
 * A finished, idle job lets go of its rows (they are re-read from the snapshot if it is ever changed again),
 * so a long-running bot holds only the jobs it is running.
 */
import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { BulkOperationResult } from '../operations/model.ts';
import type { OperationChange, OutboxEvent } from '../operations/ports.ts';
import { syncDirectory } from './durable-fs.ts';
import { writeSnapshot } from './operation-snapshot.ts';
import { applyChange, cutTornLine, journalPathOf, replayOperation, type OperationState } from './operation-replay.ts';
import { StoredOperationWriteError } from './store-errors.ts';

const COMPACT_AFTER_LINES = 1000;
/** Writes of one journal that may overlap: beyond two, they queued in the disk's own order here. */
const WRITES_IN_FLIGHT = 2;
/**
 * The journal is opened with O_DSYNC: a write returns only once its bytes and the file's new length are on
 * disk, as if followed by fdatasync (https://man7.org/linux/man-pages/man2/open.2.html, O_DSYNC), so a batch
 * costs one call to the thread pool instead of two. Where the platform has no O_DSYNC (Windows), each write is
 * followed by an fdatasync instead.
 */
const DSYNC = (constants as { O_DSYNC?: number }).O_DSYNC;
/**
 * The journal file is grown ahead of its lines, zero-filled (replay ends at the first zero byte), so a batch
 * written into it changes neither the file's length nor its block map: the disk only takes the bytes, with
 * no file-system metadata to commit alongside (about a quarter less time per write here). It grows by its own
 * size, between these bounds, so a small job's file stays small and a large one grows rarely.
 */
const GROW_MIN_BYTES = 64 * 1024;
const GROW_MAX_BYTES = 4 * 1024 * 1024;
/** One stretch of zeros, made once and only ever read, for every journal to grow from. */
let zeros: Buffer | undefined;

interface QueuedChange {
  line: string;
  resolve(): void;
  reject(error: unknown): void;
}

export interface JobJournalOptions {
  folder: string;
  jobId: string;
  /** Told after each write (a batch of lines, or a snapshot) reaches the disk. */
  onWrite?: (write: { jobId: string; kind: 'journal' | 'snapshot' }) => void;
}

export class JobJournal {
  readonly #options: JobJournalOptions;
  /** Undefined until read from disk, and again once a finished job lets go of its rows. */
  #state: OperationState | undefined;
  #loaded = false;
  #loading: Promise<void> | undefined;
  /** Changes waiting for the load to finish: later changes queue behind them, in order. */
  #waitingForLoad = 0;
  #hasSnapshot = false;
  #generation = 1;
  #lines = 0;
  /** Where the next batch goes in the journal file: its bytes are written at explicit offsets. */
  #bytes = 0;
  /** The journal file's length: its lines, then zeros. */
  #allocated = 0;
  /** The zeros after `#allocated` being written, while lines still go in before it. */
  #growing: Promise<void> | undefined;
  #handle: FileHandle | undefined;
  #fileOnDisk = false;
  #queue: QueuedChange[] = [];
  #writing: Promise<void> = Promise.resolve();
  #writerActive = false;
  #failure: StoredOperationWriteError | undefined;
  /** Batches whose write is under way, oldest first; `done` once written, though an older one may not be yet. */
  #writes: { batch: QueuedChange[]; done: boolean }[] = [];
  #wake: (() => void) | undefined;

  constructor(options: JobJournalOptions) {
    this.#options = options;
  }

  /**
   * Applies `change` (the store's own redacted copy, kept as it is) and resolves once it is on disk. The first
   * change of a job never saved must carry every row: it is written as the job's first snapshot.
   */
  append(change: OperationChange): Promise<void> {
    if (!this.#loaded || this.#waitingForLoad > 0) {
      this.#waitingForLoad += 1;
      return this.#load().then(
        () => {
          this.#waitingForLoad -= 1;
          return this.#appendLoaded(change);
        },
        (error: unknown) => {
          this.#waitingForLoad -= 1;
          throw error;
        },
      );
    }
    return this.#appendLoaded(change);
  }

  /** The operation as of the last change (written or under way), or `undefined` if never saved. */
  async operation(): Promise<BulkOperationResult | undefined> {
    const state = await this.#readState();
    return state === undefined ? undefined : structuredClone({ ...state.header, items: state.items });
  }

  /** The outbox as of the last change. */
  async unaudited(): Promise<OutboxEvent[]> {
    const state = await this.#readState();
    return state === undefined ? [] : structuredClone([...state.outbox.values()]);
  }

  /** Waits for every write under way, then closes the journal file. */
  async close(): Promise<void> {
    await this.#writing;
    await this.#closeHandle();
  }

  #appendLoaded(change: OperationChange): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const line = `${JSON.stringify(change)}\n`;
    this.#state = applyChange(this.#state, change);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, resolve, reject });
      if (!this.#writerActive) {
        this.#writerActive = true;
        this.#writing = this.#writeQueued();
      } else {
        this.#wakeWriter();
      }
    });
  }

  /** Held in memory from here on while the job runs (a resume reads it, then changes it); a finished job is not. */
  async #readState(): Promise<OperationState | undefined> {
    if (this.#loaded && this.#waitingForLoad === 0) return this.#state;
    await this.#load();
    const state = this.#state;
    this.#releaseIfFinished();
    return state;
  }

  /**
   * One load per time the job is (re)opened, kept until it lets go again: changes that waited for it resolve
   * in order on the same promise, and one arriving meanwhile queues behind them.
   */
  #load(): Promise<void> {
    this.#loading ??= (async () => {
      const { folder, jobId } = this.#options;
      const replayed = await replayOperation(folder, jobId);
      if (replayed.torn !== undefined) await cutTornLine(replayed.torn);
      await Promise.all(replayed.stale.map((path) => rm(path, { force: true })));
      this.#state = replayed.state;
      this.#hasSnapshot = replayed.state !== undefined && !replayed.legacy;
      this.#generation = replayed.generation;
      this.#lines = replayed.lines;
      this.#bytes = replayed.bytes;
      // Loading cut the file after its last whole line (its zeros read as a torn tail).
      this.#allocated = replayed.bytes;
      this.#fileOnDisk = replayed.lines > 0 || replayed.torn !== undefined;
      this.#loaded = true;
    })();
    // A failed load (a damaged file) is tried again by the next caller.
    this.#loading.catch(() => (this.#loading = undefined));
    return this.#loading;
  }

  /**
   * Never rejects: every failure is reported to the changes it concerns. Batches are placed one after the
   * other, in order; their durable writes may overlap (up to WRITES_IN_FLIGHT), so a change that arrives while
   * one is under way need not wait for it before its own starts. A batch resolves only once it and every batch
   * before it are written: a crash can leave a later batch on disk after a gap, which replay leaves out.
   */
  async #writeQueued(): Promise<void> {
    try {
      for (;;) {
        if (this.#queue.length === 0) {
          if (this.#writes.length === 0 && this.#growing === undefined) break;
          await this.#nextEvent();
          continue;
        }
        const compacting = this.#mustCompact();
        const busy = this.#writes.length > 0 || this.#growing !== undefined;
        if ((compacting && busy) || this.#writes.length >= WRITES_IN_FLIGHT) {
          await this.#nextEvent();
          continue;
        }
        const batch = this.#queue.splice(0);
        try {
          if (this.#failure !== undefined) throw this.#failure;
          if (compacting) {
            // The state already holds every queued change: the snapshot replaces their lines.
            await this.#compact();
            for (const change of batch) change.resolve();
          } else {
            await this.#writeLines(batch);
          }
        } catch (error) {
          this.#fail(error, batch);
        }
      }
    } finally {
      // Cleared with no await after the last queue check, so a change made on resolution starts a new writer.
      this.#writerActive = false;
      this.#releaseIfFinished();
    }
  }

  #mustCompact(): boolean {
    const state = this.#state;
    const finished = state !== undefined && state.header.state !== 'running';
    const rows = state?.items.length ?? 0;
    return !this.#hasSnapshot || finished || this.#lines + this.#queue.length > Math.max(COMPACT_AFTER_LINES, rows);
  }

  async #writeLines(batch: QueuedChange[]): Promise<void> {
    const bytes = Buffer.from(batch.map((change) => change.line).join(''), 'utf8');
    const handle = await this.#openHandle();
    // The zeros ahead ran out: a stretch still being zero-filled may make room, or this batch grows the file.
    if (this.#fileOnDisk && this.#bytes + bytes.length > this.#allocated) await this.#writesDone();
    const position = this.#bytes;
    this.#bytes += bytes.length;
    this.#lines += batch.length;
    if (!this.#fileOnDisk || this.#bytes > this.#allocated) {
      // Growing the file: alone, so no write under way lands where the zeros go.
      await this.#writesDone();
      const grown = this.#bytes + this.#stretch();
      const zeroFilled = Buffer.alloc(grown - position);
      bytes.copy(zeroFilled);
      await writeDurably(handle, zeroFilled, position);
      this.#allocated = grown;
      if (!this.#fileOnDisk) {
        // A new journal file: its name must reach the disk too before anything in it counts as saved.
        await syncDirectory(this.#options.folder);
        this.#fileOnDisk = true;
      }
      this.#settle(batch);
      return;
    }
    const write = { batch, done: false };
    this.#writes.push(write);
    void writeDurably(handle, bytes, position)
      .then(
        () => {
          if (this.#failure !== undefined) return this.#fail(this.#failure, batch);
          write.done = true;
          // In order: a batch written before an older one is not saved until that one is.
          while (this.#writes[0]?.done === true) this.#settle(this.#writes.shift()?.batch ?? []);
        },
        (error: unknown) => this.#fail(error, batch),
      )
      .finally(() => this.#wakeWriter());
    this.#growAhead(handle);
  }

  /** How much the file grows at a time: as much as it holds already, within GROW_MIN_BYTES..GROW_MAX_BYTES. */
  #stretch(): number {
    return Math.min(GROW_MAX_BYTES, Math.max(GROW_MIN_BYTES, this.#allocated));
  }

  /**
   * Zero-fills the next stretch of the file once less than half a stretch is left, while lines still go into
   * the stretch before it (the two never overlap), so growing seldom holds up a row step.
   */
  #growAhead(handle: FileHandle): void {
    const stretch = this.#stretch();
    if (this.#growing !== undefined || this.#allocated - this.#bytes > stretch / 2) return;
    const from = this.#allocated;
    zeros ??= Buffer.alloc(GROW_MAX_BYTES);
    this.#growing = writeDurably(handle, zeros.subarray(0, stretch), from)
      .then(
        () => {
          this.#allocated = from + stretch;
        },
        (error: unknown) => this.#fail(error, []),
      )
      .finally(() => {
        this.#growing = undefined;
        this.#wakeWriter();
      });
  }

  /** Resolves once no write (nor zero-filling) is under way; rejects if one of them failed. */
  async #writesDone(): Promise<void> {
    while (this.#writes.length > 0 || this.#growing !== undefined) await this.#nextEvent();
    if (this.#failure !== undefined) throw this.#failure;
  }

  #settle(batch: QueuedChange[]): void {
    for (const change of batch) change.resolve();
    this.#options.onWrite?.({ jobId: this.#options.jobId, kind: 'journal' });
  }

  /** What reached the disk is unknown, so this job's journal cannot safely go on in this process. */
  #fail(error: unknown, batch: QueuedChange[]): void {
    this.#failure ??= new StoredOperationWriteError(this.#journalPath(), { cause: error });
    for (const change of batch) change.reject(this.#failure);
    for (const pending of this.#writes.splice(0)) for (const change of pending.batch) change.reject(this.#failure);
  }

  /** Resolves when a write finishes or a change arrives. */
  #nextEvent(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }

  #wakeWriter(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #compact(): Promise<void> {
    const state = this.#state;
    if (state === undefined) throw new Error('a job is saved for the first time without its rows');
    const { folder, jobId } = this.#options;
    const previous = this.#generation;
    const next = this.#hasSnapshot ? previous + 1 : previous;
    await this.#closeHandle();
    await writeSnapshot(folder, jobId, {
      header: state.header,
      items: [...state.items],
      unaudited: [...state.outbox.values()],
      journal: next,
    });
    this.#hasSnapshot = true;
    this.#generation = next;
    this.#lines = 0;
    this.#bytes = 0;
    this.#allocated = 0;
    this.#fileOnDisk = false;
    // Once the new snapshot is in place the old journal is history; if this is lost, the next load deletes it.
    if (next !== previous) await rm(journalPathOf(folder, jobId, previous), { force: true });
    await rm(journalPathOf(folder, jobId, next), { force: true });
    this.#options.onWrite?.({ jobId, kind: 'snapshot' });
  }

  #releaseIfFinished(): void {
    const state = this.#state;
    if (state === undefined || state.header.state === 'running' || this.#lines > 0) return;
    if (this.#writerActive || this.#queue.length > 0 || this.#waitingForLoad > 0 || this.#failure !== undefined) {
      return;
    }
    this.#state = undefined;
    this.#loaded = false;
    this.#loading = undefined;
  }

  async #openHandle(): Promise<FileHandle> {
    // No O_APPEND: every batch is written at its own offset, so two writes under way cannot swap places.
    this.#handle ??= await open(this.#journalPath(), constants.O_WRONLY | constants.O_CREAT | (DSYNC ?? 0));
    return this.#handle;
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }

  #journalPath(): string {
    return journalPathOf(this.#options.folder, this.#options.jobId, this.#generation);
  }
}

/** Writes all of `bytes` at `position` and resolves once they are on disk (see DSYNC). */
async function writeDurably(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
  if (DSYNC === undefined) await handle.datasync();
}
