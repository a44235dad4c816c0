import { join } from 'node:path';
import { verifyAuditLog } from '../../store/audit-verify.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';

export interface AuditCommandDefaults {
  dataDir: string;
}

export async function runAuditCommand(
  argv: readonly string[],
  io: CliIo,
  defaults?: AuditCommandDefaults,
): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir'], booleans: ['json'] });
  const [sub, extra] = args.positionals;
  if (sub !== 'verify' || extra !== undefined) throw new UsageError('audit takes one subcommand: verify.');
  const dataDir = stringFlag(args, 'data-dir') ?? defaults?.dataDir ?? 'data';
  const path = join(dataDir, 'audit.jsonl');
  const verdict = await verifyAuditLog(path);
  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify({ path, ...verdict })}\n`);
  } else if (verdict.ok) {
    io.stdout.write(
      `Audit trail ${path} is intact: ${verdict.entries} entries, last hash ${verdict.lastHash ?? '-'}.\n`,
    );
  } else if (verdict.firstBadSeq === null) {
    io.stdout.write(`Audit trail ${path} cannot be verified: ${sentence(verdict.problem)}\n`);
  } else {
    io.stdout.write(
      `Audit trail ${path} FAILED verification at seq ${verdict.firstBadSeq}: ${sentence(verdict.problem)}\n`,
    );
  }
  return verdict.ok ? EXIT.ok : EXIT.problems;
}

function sentence(text: string | null): string {
  const trimmed = (text ?? 'no reason given').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
