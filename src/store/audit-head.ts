/**
 * The anchor of the audit trail's end: the latest entry's `seq` and `hash`, kept in a file of its own
 * (`audit.jsonl.head`) and fsync'd after each write of the trail. The hash chain proves what is inside the file;
 * only something outside the file can prove that nothing was cut from its end, as CloudTrail's digest files do
 * for its logs (AWS, "Validating CloudTrail log file integrity": each digest names the last log file and its
 * hash, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html).
 *
 * The head is rewritten in place, in one of two fixed-size slots taken in turn, each with its own checksum: a
 * write cut off by a power cut spoils at most the slot being written, and the other still holds the previous
 * head. The head may lag the trail by the batch written just before a crash (the trail is fsync'd first), never
 * lead it: a head ahead of the trail means entries were removed.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { errorCodeOf } from './durable-fs.ts';

export interface AuditHead {
  seq: number;
  hash: string;
}

const SLOT_BYTES = 256;

export function headPathOf(trailPath: string): string {
  return `${trailPath}.head`;
}

/** The newest intact slot; undefined when there is no head file (a trail from before heads existed). */
export async function readAuditHead(path: string): Promise<AuditHead | undefined> {
  return (await readSlots(path))?.newest;
}

/**
 * Writes heads one at a time; a head asked for while one is being written replaces any still waiting (only
 * the newest matters). `record` never rejects: a failure is kept and reported by `flush`.
 */
export class AuditHeadWriter {
  readonly #handle: FileHandle;
  #slot = 0;
  #waiting: AuditHead | undefined;
  #writing: Promise<void> = Promise.resolve();
  #active = false;
  #failure: unknown;

  private constructor(handle: FileHandle, nextSlot: number) {
    this.#handle = handle;
    this.#slot = nextSlot;
  }

  static async open(path: string, current: AuditHead | undefined): Promise<AuditHeadWriter> {
    const existing = await readSlots(path);
    const handle = await open(path, existing === undefined ? 'w+' : 'r+');
    // Write first into the slot that does not hold the newest head, so that one survives a torn write.
    const writer = new AuditHeadWriter(handle, existing?.newestSlot === 0 ? 1 : 0);
    if (current !== undefined && existing?.newest?.seq !== current.seq) {
      writer.record(current);
      await writer.flush();
    }
    return writer;
  }

  record(head: AuditHead): void {
    this.#waiting = head;
    if (this.#active) return;
    this.#active = true;
    this.#writing = this.#drain();
  }

  /** Resolves once every recorded head is on disk; rejects if a head write failed. */
  async flush(): Promise<void> {
    await this.#writing;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** A head write failed: the trail's end is no longer anchored, so its writer stops appending. */
  get failure(): unknown {
    return this.#failure;
  }

  async close(): Promise<void> {
    await this.#writing;
    await this.#handle.close();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#waiting !== undefined) {
        const head = this.#waiting;
        this.#waiting = undefined;
        try {
          await this.#handle.write(formatSlot(head), 0, SLOT_BYTES, this.#slot * SLOT_BYTES);
          await this.#handle.sync();
          this.#slot = 1 - this.#slot;
        } catch (error) {
          this.#failure ??= error;
        }
      }
    } finally {
      this.#active = false;
    }
  }
}

async function readSlots(path: string): Promise<{ newest: AuditHead | undefined; newestSlot: number } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(SLOT_BYTES * 2);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const [first, second] = [0, 1].map((slot) =>
      parseSlot(buffer.subarray(slot * SLOT_BYTES, Math.min(bytesRead, (slot + 1) * SLOT_BYTES))),
    );
    if (second !== undefined && (first === undefined || second.seq > first.seq)) {
      return { newest: second, newestSlot: 1 };
    }
    return { newest: first, newestSlot: 0 };
  } finally {
    await handle.close();
  }
}

function checksum(head: AuditHead): string {
  return createHash('sha256').update(`${head.seq}:${head.hash}`).digest('hex').slice(0, 16);
}

function formatSlot(head: AuditHead): Buffer {
  const text = `${JSON.stringify({ seq: head.seq, hash: head.hash, check: checksum(head) })}\n`;
  const slot = Buffer.alloc(SLOT_BYTES, 0x20);
  if (Buffer.byteLength(text) > SLOT_BYTES) throw new Error('an audit head does not fit its slot');
  slot.write(text, 0, 'utf8');
  slot[SLOT_BYTES - 1] = 0x0a;
  return slot;
}

function parseSlot(bytes: Buffer): AuditHead | undefined {
  try {
    const parsed = JSON.parse(bytes.toString('utf8').split('\n')[0] ?? '') as Partial<AuditHead & { check: string }>;
    if (typeof parsed.seq !== 'number' || typeof parsed.hash !== 'string') return undefined;
    const head = { seq: parsed.seq, hash: parsed.hash };
    return parsed.check === checksum(head) ? head : undefined;
  } catch {
    return undefined;
  }
}
