/**
 * How an operation is read back: its snapshot, then every change in the journal files that carry on from it,
 * `<dataDir>/operations/<jobId>.journal-<generation>.jsonl`, one change per line, oldest first.
 *
 * A line counts only once it ends with a newline: the store writes each line and its newline in one write and
 * resolves the change only after the fsync, so a last line without one (a power cut mid-write: a torn line)
 * was never reported saved, and is left out. The journal ends, too, at its first NUL byte: JSON never holds
 * one raw (JSON.stringify writes U+0000 as `\u0000`), but the part of a write a power cut kept from the disk
 * reads back as zeros (a gap left by a later write that did land, or blocks never written), and no change at
 * or after a gap was reported saved (a batch resolves only once every batch before it is on disk). A complete
 * line before that which is not a change is damage, and says where.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BulkOperationItem } from '../operations/model.ts';
import type { OperationChange, OperationHeader, OutboxEvent } from '../operations/ports.ts';
import { errorCodeOf } from './durable-fs.ts';
import { readSnapshot } from './operation-snapshot.ts';
import { StoredOperationCorruptError } from './store-errors.ts';

/** An operation as the store holds it: rows by row number, the outbox by event id. */
export interface OperationState {
  header: OperationHeader;
  /** Replaced, never edited in place, so a snapshot can be written from a copy of the array. */
  items: BulkOperationItem[];
  rowIndex: Map<number, number>;
  outbox: Map<string, OutboxEvent>;
}

export interface ReplayedOperation {
  /** `undefined` when the job has no snapshot (it was never saved). */
  state: OperationState | undefined;
  /** The journal generation new changes go to. */
  generation: number;
  /** Lines in that generation's file. */
  lines: number;
  /** Bytes of whole lines in that file: where the next change goes. */
  bytes: number;
  /** Journal files older than the snapshot (a crash during compaction left them): safe to delete. */
  stale: string[];
  /** The last file's torn line, if any: cut it off before appending. */
  torn: { path: string; completeBytes: number } | undefined;
  /** The snapshot was written in format 1. */
  legacy: boolean;
}

export function journalPathOf(folder: string, jobId: string, generation: number): string {
  return join(folder, `${jobId}.journal-${generation}.jsonl`);
}

export function stateOf(header: OperationHeader, items: BulkOperationItem[], outbox: readonly OutboxEvent[]) {
  const state: OperationState = { header, items, rowIndex: new Map(), outbox: new Map() };
  items.forEach((item, at) => state.rowIndex.set(item.rowNumber, at));
  for (const entry of outbox) state.outbox.set(entry.id, entry);
  return state;
}

/** Applies one change (the store's own copy, which it keeps). */
export function applyChange(state: OperationState | undefined, change: OperationChange): OperationState {
  const target = state ?? stateOf(change.header, [], []);
  target.header = change.header;
  for (const row of change.rows) {
    const at = target.rowIndex.get(row.rowNumber);
    if (at === undefined) {
      target.rowIndex.set(row.rowNumber, target.items.length);
      target.items.push(row);
    } else {
      target.items[at] = row;
    }
  }
  for (const id of change.audited ?? []) target.outbox.delete(id);
  for (const entry of change.unaudited ?? []) target.outbox.set(entry.id, entry);
  return target;
}

export async function replayOperation(folder: string, jobId: string): Promise<ReplayedOperation> {
  const snapshot = await readSnapshot(folder, jobId);
  const generations = await journalGenerations(folder, jobId);
  const from = snapshot?.journal ?? 1;
  const stale = generations.filter((generation) => generation < from).map((g) => journalPathOf(folder, jobId, g));
  const live = generations.filter((generation) => generation >= from);
  let state = snapshot && stateOf(snapshot.header, snapshot.items, snapshot.unaudited);
  let lines = 0;
  let bytes = 0;
  let torn: ReplayedOperation['torn'];
  for (const generation of live) {
    const path = journalPathOf(folder, jobId, generation);
    const journal = await readJournal(path);
    if (state === undefined && journal.changes.length > 0) {
      throw new StoredOperationCorruptError(path, 'it carries on from a snapshot that is missing');
    }
    for (const change of journal.changes) state = applyChange(state, change);
    lines = journal.changes.length;
    bytes = journal.completeBytes;
    torn = journal.torn ? { path, completeBytes: journal.completeBytes } : undefined;
  }
  return { state, generation: live.at(-1) ?? from, lines, bytes, stale, torn, legacy: snapshot?.legacy ?? false };
}

async function journalGenerations(folder: string, jobId: string): Promise<number[]> {
  const prefix = `${jobId}.journal-`;
  const names = await readdir(folder);
  return names
    .filter((name) => name.startsWith(prefix))
    .map((name) => /^(\d+)\.jsonl$/.exec(name.slice(prefix.length))?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

async function readJournal(
  path: string,
): Promise<{ changes: OperationChange[]; completeBytes: number; torn: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return { changes: [], completeBytes: 0, torn: false };
    throw error;
  }
  const gap = text.indexOf('\u0000');
  const end = text.lastIndexOf('\n', gap === -1 ? text.length : gap) + 1;
  const changes: OperationChange[] = [];
  let lineNumber = 0;
  for (const line of text.slice(0, end).split('\n')) {
    lineNumber += 1;
    if (line === '') continue;
    changes.push(parseChange(line, path, lineNumber));
  }
  return { changes, completeBytes: Buffer.byteLength(text.slice(0, end), 'utf8'), torn: end < text.length };
}

function parseChange(line: string, path: string, lineNumber: number): OperationChange {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new StoredOperationCorruptError(path, `line ${lineNumber} is not valid JSON`, { cause: error });
  }
  const change = value as Partial<OperationChange> | null;
  if (typeof change?.header !== 'object' || change.header === null || !Array.isArray(change.rows)) {
    throw new StoredOperationCorruptError(path, `line ${lineNumber} is not a saved change`);
  }
  return change as OperationChange;
}

/** Cuts a torn last line off, so the next change starts on a line of its own. */
export async function cutTornLine(torn: { path: string; completeBytes: number }): Promise<void> {
  const handle = await open(torn.path, 'r+');
  try {
    await handle.truncate(torn.completeBytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
