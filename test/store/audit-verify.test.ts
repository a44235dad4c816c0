import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../src/operations/ports.ts';
import { AUDIT_ACTIONS } from '../../src/operations/audit-actions.ts';
import { computeEntryHash } from '../../src/store/audit-hash.ts';
import { verifyAuditLog } from '../../src/store/audit-verify.ts';
import { JsonlAuditLog } from '../../src/store/jsonl-audit-log.ts';
import { makeSteppingClock, useTempDirs, openHeld } from './store-test-support.ts';

const ENTRIES = 6;

/** Rewrites the trail: `lines[i]` holds entry `i + 1`; a string result is the whole new file content. */
type Tamper = (lines: string[]) => string[] | string;

function forge(fields: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify({ ...fields, hash: computeEntryHash(fields) });
}

function parse(line: string | undefined): AuditEntry {
  return JSON.parse(line ?? '') as AuditEntry;
}

describe('verifyAuditLog', () => {
  const makeTempDir = useTempDirs();

  async function writeGoodTrail(): Promise<{ path: string; entries: AuditEntry[] }> {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held, clock: makeSteppingClock() }));
    const entries: AuditEntry[] = [];
    for (let row = 2; row < ENTRIES + 2; row += 1) {
      entries.push(
        await log.append({
          actor: 'system',
          action: AUDIT_ACTIONS.itemCompleted,
          jobId: 'op-1',
          row,
          details: { mailbox: `user${row}@contoso.com` },
        }),
      );
    }
    await log.close();
    return { path: join(dataDir, 'audit.jsonl'), entries };
  }

  async function tamperWith(tamper: Tamper): Promise<string> {
    const { path } = await writeGoodTrail();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const tampered = tamper(lines);
    await writeFile(path, typeof tampered === 'string' ? tampered : tampered.join('\n') + '\n');
    return path;
  }

  it('accepts an untouched trail and returns the hash of its last entry', async () => {
    const { path, entries } = await writeGoodTrail();
    assert.deepEqual(await verifyAuditLog(path), {
      ok: true,
      entries: ENTRIES,
      firstBadSeq: null,
      problem: null,
      lastHash: entries.at(-1)?.hash,
      anchored: true,
    });
  });

  const tampers: { name: string; tamper: Tamper; firstBadSeq: number; problem: RegExp }[] = [
    {
      name: 'an entry whose details were edited',
      tamper: (lines) => lines.map((line, index) => (index === 2 ? line.replace('user4@', 'mallory@') : line)),
      firstBadSeq: 3,
      problem: /^entry 3 was changed after it was written$/,
    },
    {
      name: 'a deleted entry',
      tamper: (lines) => lines.filter((_, index) => index !== 3),
      firstBadSeq: 4,
      problem: /^entry 4 is missing: the chain jumps from 3 to 5$/,
    },
    {
      name: 'several deleted entries',
      tamper: (lines) => lines.filter((_, index) => index < 1 || index > 3),
      firstBadSeq: 2,
      problem: /^entries 2–4 are missing: the chain jumps from 1 to 5$/,
    },
    {
      name: 'a deleted first entry',
      tamper: (lines) => lines.slice(1),
      firstBadSeq: 1,
      problem: /^entry 1 is missing: the trail starts at entry 2$/,
    },
    {
      name: 'a forged entry inserted with a hash of its own, chained to the entry before it',
      tamper: (lines) => {
        const before = parse(lines[1]);
        const forged = forge({
          ...before,
          seq: 3,
          row: 99,
          details: { mailbox: 'mallory@contoso.com' },
          prevHash: before.hash,
        });
        return [...lines.slice(0, 2), forged, ...lines.slice(2)];
      },
      firstBadSeq: 3,
      problem: /^entry 3 appears a second time, at line 4: an entry was inserted or copied$/,
    },
    {
      name: 'a forged entry inserted with made-up chain fields',
      tamper: (lines) => {
        const before = parse(lines[1]);
        const forged = forge({ ...before, seq: 3, prevHash: 'f'.repeat(64) });
        return [...lines.slice(0, 2), forged, ...lines.slice(2)];
      },
      firstBadSeq: 3,
      problem: /^entry 3 does not follow entry 2: an entry was inserted, replaced or rewritten at this point$/,
    },
    {
      name: 'two entries swapped',
      tamper: (lines) => [...lines.slice(0, 3), lines[4] ?? '', lines[3] ?? '', ...lines.slice(5)],
      firstBadSeq: 4,
      problem: /^entries are out of order: entry 5 comes before entry 4 \(line 4\)$/,
    },
    {
      name: 'a last line cut off mid-entry',
      tamper: (lines) => (lines.join('\n') + '\n').slice(0, -60),
      firstBadSeq: ENTRIES,
      problem: /^entry 6, the last line, is incomplete: the file was cut off in the middle of an entry$/,
    },
    {
      name: 'a garbled line in the middle',
      tamper: (lines) => lines.map((line, index) => (index === 1 ? '{not json' : line)),
      firstBadSeq: 2,
      problem: /^line 2, where entry 2 should be, is not valid JSON$/,
    },
  ];

  for (const { name, tamper, firstBadSeq, problem } of tampers) {
    it(`names the first bad seq for ${name}`, async () => {
      const path = await tamperWith(tamper);
      const verification = await verifyAuditLog(path);
      assert.equal(verification.ok, false);
      assert.equal(verification.firstBadSeq, firstBadSeq);
      assert.match(verification.problem ?? '', problem);
    });
  }

  it('flags an edit whose own hash was recomputed at the next entry, whose link no longer matches', async () => {
    const path = await tamperWith((lines) =>
      lines.map((line, index) => {
        if (index !== 2) return line;
        const { hash: _hash, ...fields } = parse(line);
        return forge({ ...fields, details: { mailbox: 'mallory@contoso.com' } });
      }),
    );
    const verification = await verifyAuditLog(path);
    assert.equal(verification.firstBadSeq, 4);
    assert.match(verification.problem ?? '', /^entry 4 does not follow entry 3/);
  });

  it('returns the hash of the last trustworthy entry when the trail is damaged', async () => {
    const { path, entries } = await writeGoodTrail();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    await writeFile(path, lines.filter((_, index) => index !== 3).join('\n') + '\n');
    const verification = await verifyAuditLog(path);
    assert.equal(verification.lastHash, entries[2]?.hash);
    assert.equal(verification.entries, ENTRIES - 1);
  });

  it('says clearly that the trail file does not exist', async () => {
    const path = join(await makeTempDir(), 'audit.jsonl');
    assert.deepEqual(await verifyAuditLog(path), {
      ok: false,
      entries: 0,
      firstBadSeq: null,
      problem: `the audit trail ${path} does not exist`,
      lastHash: null,
      anchored: false,
    });
  });

  it('says clearly that the trail file is empty', async () => {
    const path = join(await makeTempDir(), 'audit.jsonl');
    await writeFile(path, '');
    const verification = await verifyAuditLog(path);
    assert.equal(verification.ok, false);
    assert.equal(verification.firstBadSeq, null);
    assert.equal(verification.problem, `the audit trail ${path} is empty: it holds no entries`);
  });

  // The chain cannot see its own end cut off: the head file (written after each append) can.
  const cuts: { name: string; keep: number; firstBadSeq: number; problem: RegExp }[] = [
    {
      name: 'the last entry',
      keep: ENTRIES - 1,
      firstBadSeq: ENTRIES,
      problem: new RegExp(
        `^entry ${ENTRIES} is missing from the end: the trail ends at entry ${ENTRIES - 1}, but its head \\(.*audit\\.jsonl\\.head\\) says entry ${ENTRIES} was written$`,
      ),
    },
    {
      name: 'the last 5 entries',
      keep: ENTRIES - 5,
      firstBadSeq: ENTRIES - 4,
      problem: new RegExp(
        `^entries ${ENTRIES - 4}–${ENTRIES} are missing from the end: the trail ends at entry ${ENTRIES - 5}`,
      ),
    },
    {
      name: 'every entry',
      keep: 0,
      firstBadSeq: 1,
      problem: new RegExp(`^entries 1–${ENTRIES} are missing from the end: the trail holds no entry`),
    },
  ];
  for (const { name, keep, firstBadSeq, problem } of cuts) {
    it(`reports ${name} deleted from the end, naming the first missing seq`, async () => {
      const path = await tamperWith((lines) => (keep === 0 ? '' : lines.slice(0, keep).join('\n') + '\n'));
      const verification = await verifyAuditLog(path);
      assert.equal(verification.ok, false);
      assert.equal(verification.firstBadSeq, firstBadSeq);
      assert.match(verification.problem ?? '', problem);
    });
  }

  it('reports a trail file deleted altogether when its head remains', async () => {
    const { path } = await writeGoodTrail();
    await rm(path);
    const verification = await verifyAuditLog(path);
    assert.equal(verification.ok, false);
    assert.equal(verification.firstBadSeq, 1);
    assert.match(verification.problem ?? '', new RegExp(`^entries 1–${ENTRIES} are missing from the end`));
  });

  it('reports an end rewritten with a new, consistent chain when the head recorded another last entry', async () => {
    const { path, entries } = await writeGoodTrail();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const last = parse(lines.at(-1));
    const { hash: _dropped, ...fields } = { ...last, details: { mailbox: 'mallory@contoso.com' } };
    lines[lines.length - 1] = forge({ ...fields, prevHash: entries.at(-2)?.hash ?? '' });
    await writeFile(path, lines.join('\n') + '\n');
    const verification = await verifyAuditLog(path);
    assert.equal(verification.firstBadSeq, ENTRIES);
    assert.match(verification.problem ?? '', /is not the entry the trail's head recorded/);
  });
});
