/** An in-memory AuditLog with the same hash chain shape as the real one, that can be told to fail. */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEvent, AuditLog } from '../../src/operations/ports.ts';

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  #failure: Error | undefined;

  async append(event: AuditEvent): Promise<AuditEntry> {
    if (this.#failure !== undefined) throw this.#failure;
    const prevHash = this.entries.at(-1)?.hash ?? '0'.repeat(64);
    const unsigned = {
      ...structuredClone(event),
      seq: this.entries.length + 1,
      ts: new Date(0).toISOString(),
      prevHash,
    };
    const hash = createHash('sha256').update(JSON.stringify(unsigned)).digest('hex');
    const entry: AuditEntry = { ...unsigned, hash };
    this.entries.push(entry);
    return entry;
  }

  /** The actions recorded, in order (optionally for one operation), e.g. `item.completed#3` with the row. */
  actions(jobId?: string): string[] {
    return this.entries
      .filter((entry) => jobId === undefined || entry.jobId === jobId)
      .map((entry) => (entry.row === undefined ? entry.action : `${entry.action}#${entry.row}`));
  }

  /** Makes every later append reject with `error`. */
  failAppends(error: Error = new Error('audit disk full')): void {
    this.#failure = error;
  }
}
