/**
 * `audit verify`: replays the hash chain and names the first entry that cannot be trusted, in a sentence an
 * admin can act on. The chain proves edits, deletions, insertions and reordering inside the file; its head
 * file (audit-head.ts) proves that nothing was cut from its end. A rewrite of the whole trail and its head
 * together needs an anchor off this machine, which is why `lastHash` is returned (keep it elsewhere).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { errorCodeOf } from './durable-fs.ts';
import { parseAuditLine, peekSeq } from './audit-entry-format.ts';
import { computeEntryHash, GENESIS_HASH } from './audit-hash.ts';
import { headPathOf, readAuditHead, type AuditHead } from './audit-head.ts';

export interface AuditVerification {
  ok: boolean;
  /** Non-blank lines in the file. */
  entries: number;
  /** The first `seq` that cannot be trusted, or null when all is well (or there is no entry at all). */
  firstBadSeq: number | null;
  problem: string | null;
  /** The hash of the last trustworthy entry: compare it with a copy kept outside this machine. */
  lastHash: string | null;
  /** The trail has a head file, so a cut end is detected (trails written before heads existed have none). */
  anchored: boolean;
}

interface Gap {
  from: number;
  to: number;
  jumpedTo: number;
  line: number;
}

interface Finding {
  seq: number;
  problem: string;
  /** A problem that reads differently if it is on the last line (a write cut off). */
  unparseableLine?: number;
  gap?: Gap;
}

export async function verifyAuditLog(path: string): Promise<AuditVerification> {
  const head = await readAuditHead(headPathOf(path));
  const anchored = head !== undefined;
  try {
    await stat(path);
  } catch (error) {
    if (errorCodeOf(error) !== 'ENOENT') throw error;
    if (head !== undefined) return cutEnd(path, head, 0, 0, null);
    return failed(0, null, `the audit trail ${path} does not exist`, null, anchored);
  }
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastHash: string | null = null;
  let lineNumber = 0;
  let entries = 0;
  let finding: Finding | undefined;
  let gapRefilledBy: number | undefined;

  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() !== '') entries += 1;
    if (finding !== undefined) {
      // Keep reading only to tell a deletion from a reordering, and to count entries.
      const seq = finding.gap === undefined ? undefined : peekSeq(line);
      if (finding.gap && seq !== undefined && seq >= finding.gap.from && seq <= finding.gap.to) {
        gapRefilledBy ??= seq;
      }
      continue;
    }
    const checked = checkLine(line, lineNumber, expectedSeq, prevHash);
    if ('problem' in checked) {
      finding = checked;
    } else if (head?.seq === expectedSeq && head.hash !== checked.hash) {
      finding = { seq: expectedSeq, problem: `entry ${expectedSeq} is not the entry the trail's head recorded` };
    } else {
      prevHash = checked.hash;
      lastHash = checked.hash;
      expectedSeq += 1;
    }
  }

  if (finding !== undefined) {
    return failed(entries, finding.seq, describe(finding, lineNumber, gapRefilledBy), lastHash, anchored);
  }
  const lastSeq = expectedSeq - 1;
  if (head !== undefined && head.seq > lastSeq) return cutEnd(path, head, lastSeq, entries, lastHash);
  if (entries === 0) return failed(0, null, `the audit trail ${path} is empty: it holds no entries`, null, anchored);
  return { ok: true, entries, firstBadSeq: null, problem: null, lastHash, anchored };
}

/** The trail ends at `lastSeq` (0: no entry at all) although its head says entry `head.seq` was written. */
function cutEnd(
  path: string,
  head: AuditHead,
  lastSeq: number,
  entries: number,
  lastHash: string | null,
): AuditVerification {
  const first = lastSeq + 1;
  const missing = first === head.seq ? `entry ${first} is missing` : `entries ${first}–${head.seq} are missing`;
  const where = lastSeq === 0 ? 'the trail holds no entry' : `the trail ends at entry ${lastSeq}`;
  return failed(
    entries,
    first,
    `${missing} from the end: ${where}, but its head (${headPathOf(path)}) says entry ${head.seq} was written`,
    lastHash,
    true,
  );
}

/** A finding, or the hash of a line that continues the chain. */
function checkLine(
  line: string,
  lineNumber: number,
  expectedSeq: number,
  prevHash: string,
): Finding | { hash: string } {
  if (line.trim() === '') {
    return { seq: expectedSeq, problem: `line ${lineNumber} is blank where entry ${expectedSeq} should be` };
  }
  const parsed = parseAuditLine(line);
  if (parsed.kind === 'not-json') {
    return {
      seq: expectedSeq,
      problem: `line ${lineNumber}, where entry ${expectedSeq} should be, is not valid JSON`,
      unparseableLine: lineNumber,
    };
  }
  if (parsed.kind === 'not-an-entry') {
    return {
      seq: expectedSeq,
      problem: `line ${lineNumber}, where entry ${expectedSeq} should be, is not an audit entry`,
    };
  }
  const { entry, hashed } = parsed;
  if (entry.seq > expectedSeq) {
    const gap = { from: expectedSeq, to: entry.seq - 1, jumpedTo: entry.seq, line: lineNumber };
    return { seq: expectedSeq, problem: '', gap };
  }
  if (entry.seq < expectedSeq) {
    return {
      seq: entry.seq,
      problem: `entry ${entry.seq} appears a second time, at line ${lineNumber}: an entry was inserted or copied`,
    };
  }
  if (computeEntryHash(hashed) !== entry.hash) {
    return { seq: entry.seq, problem: `entry ${entry.seq} was changed after it was written` };
  }
  if (entry.prevHash !== prevHash) {
    const after = entry.seq === 1 ? 'the start of the trail' : `entry ${entry.seq - 1}`;
    return {
      seq: entry.seq,
      problem:
        `entry ${entry.seq} does not follow ${after}: an entry was inserted, replaced or rewritten ` + `at this point`,
    };
  }
  return { hash: entry.hash };
}

function describe(finding: Finding, lastLine: number, gapRefilledBy: number | undefined): string {
  if (finding.unparseableLine !== undefined && finding.unparseableLine === lastLine) {
    return `entry ${finding.seq}, the last line, is incomplete: the file was cut off in the middle of an entry`;
  }
  const { gap } = finding;
  if (gap === undefined) return finding.problem;
  if (gapRefilledBy !== undefined) {
    return `entries are out of order: entry ${gap.jumpedTo} comes before entry ${gapRefilledBy} (line ${gap.line})`;
  }
  const missing = gap.from === gap.to ? `entry ${gap.from} is missing` : `entries ${gap.from}–${gap.to} are missing`;
  return gap.from === 1
    ? `${missing}: the trail starts at entry ${gap.jumpedTo}`
    : `${missing}: the chain jumps from ${gap.from - 1} to ${gap.jumpedTo}`;
}

function failed(
  entries: number,
  firstBadSeq: number | null,
  problem: string,
  lastHash: string | null,
  anchored: boolean,
): AuditVerification {
  return { ok: false, entries, firstBadSeq, problem, lastHash, anchored };
}
