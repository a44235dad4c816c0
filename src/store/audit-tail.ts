import { open } from 'node:fs/promises';
import { errorCodeOf } from './durable-fs.ts';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface AuditTail {
  /** The last newline-terminated line, without its newline; undefined if there is none. */
  lastLine: string | undefined;
  /** Bytes up to and including the last newline. */
  completeBytes: number;
  /** Bytes after the last newline: an entry whose write was cut off (a power cut, a full disk). */
  tornTail: Buffer;
}

/** Reads just the end of the file, so opening a trail of 100k entries stays cheap. */
export async function readAuditTail(path: string): Promise<AuditTail> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return { lastLine: undefined, completeBytes: 0, tornTail: Buffer.alloc(0) };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    let position = size;
    let buffer = Buffer.alloc(0);
    for (;;) {
      const lastNewline = buffer.lastIndexOf(NEWLINE);
      const previousNewline = lastNewline > 0 ? buffer.lastIndexOf(NEWLINE, lastNewline - 1) : -1;
      if (lastNewline >= 0 && (previousNewline >= 0 || position === 0)) {
        return {
          lastLine: buffer.subarray(previousNewline + 1, lastNewline).toString('utf8'),
          completeBytes: position + lastNewline + 1,
          tornTail: buffer.subarray(lastNewline + 1),
        };
      }
      if (position === 0) return { lastLine: undefined, completeBytes: 0, tornTail: buffer };
      const length = Math.min(CHUNK_BYTES, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      buffer = Buffer.concat([chunk, buffer]);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Moves a torn last entry into `<path>.torn-<time>` and cuts it from the trail, so the next entry starts on a
 * fresh line. That entry's append never resolved (nobody was told it was recorded); its bytes are kept.
 */
export async function quarantineTornTail(path: string, tail: AuditTail, now: Date): Promise<string> {
  const quarantinePath = `${path}.torn-${now.toISOString().replace(/[:.]/g, '-')}`;
  const quarantine = await open(quarantinePath, 'wx');
  try {
    await quarantine.writeFile(tail.tornTail);
    await quarantine.sync();
  } finally {
    await quarantine.close();
  }
  const trail = await open(path, 'r+');
  try {
    await trail.truncate(tail.completeBytes);
    await trail.sync();
  } finally {
    await trail.close();
  }
  return quarantinePath;
}
