import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeValidationReport, type CsvLimits } from '../../operations/csv/index.ts';
import { prepareJob, type PreparedJob } from '../../operations/jobs/index.ts';
import { BULK_OPERATION_TYPES, isBulkOperationType, type BulkOperationType } from '../../operations/model.ts';
import type { PreflightOptions } from '../../operations/preflight/index.ts';
import { hasErrors } from '../../operations/validation-issue.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import type { TenantSession } from '../../wiring/tenant-session.ts';

export interface ValidateCommandDefaults {
  csvLimits?: Partial<CsvLimits>;
  preflight?: PreflightOptions;
  /** Opens the sandbox tenant of `--tenant-fixture`; absent = format checks only. */
  openSandbox?: (fixturePath: string) => Promise<TenantSession>;
}

const MAX_LISTED_ISSUES = 50;

export async function runValidateCommand(
  argv: readonly string[],
  io: CliIo,
  defaults: ValidateCommandDefaults = {},
): Promise<number> {
  const args = parseArgs(argv, { values: ['type', 'report', 'tenant-fixture'], booleans: ['json'] });
  const [file, extra] = args.positionals;
  if (file === undefined || extra !== undefined) throw new UsageError('validate needs exactly one CSV file.');
  const type = parseTypeFlag(stringFlag(args, 'type'));
  const fixture = stringFlag(args, 'tenant-fixture');
  if (fixture !== undefined && defaults.openSandbox === undefined) {
    throw new UsageError('--tenant-fixture is not available in this build.');
  }

  const bytes = await readInput(file);
  const session = fixture !== undefined ? await defaults.openSandbox?.(fixture) : undefined;
  let job: PreparedJob;
  try {
    job = await prepareJob(
      { fileName: basename(file), bytes, type },
      { tenant: session?.connection },
      { jobId: 'validation', actor: 'cli', limits: defaults.csvLimits, preflight: defaults.preflight },
    );
  } finally {
    await session?.close();
  }

  const report = stringFlag(args, 'report');
  if (report !== undefined) await writeFile(report, writeValidationReport(job.import, job.issues));

  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify(toJson(job))}\n`);
  } else {
    io.stdout.write(describeJob(job));
    if (report !== undefined) io.stdout.write(`Row-by-row report written to ${report}.\n`);
  }
  return hasErrors(job.issues) ? EXIT.problems : EXIT.ok;
}

export function parseTypeFlag(type: string | undefined): BulkOperationType | undefined {
  if (type !== undefined && !isBulkOperationType(type)) {
    throw new UsageError(`--type must be one of ${BULK_OPERATION_TYPES.join(', ')} (got "${type}").`);
  }
  return type;
}

export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : 'it cannot be read';
    throw new UsageError(`Cannot open ${file}: ${why}.`);
  }
}

function toJson(job: PreparedJob) {
  return {
    type: job.type,
    items: job.import.items.map(({ rowNumber, sourceIdentity, targetIdentity, additionalData }) => ({
      rowNumber,
      sourceIdentity,
      targetIdentity,
      additionalData,
    })),
    issues: job.issues.map(({ row, column, code, severity, message }) => ({ row, column, code, severity, message })),
  };
}

export function describeJob(job: PreparedJob): string {
  const { total, ready, withWarnings, blocked } = job.counts;
  const lines = [
    `${job.fileName}: ${job.type ?? 'unknown type'}, ${total} row${total === 1 ? '' : 's'} — ${ready} ready` +
      ` (${withWarnings} with warnings), ${blocked} blocked.`,
  ];
  for (const issue of job.issues.slice(0, MAX_LISTED_ISSUES)) {
    const where = issue.row === null ? 'file' : `row ${issue.row}`;
    const column = issue.column === null ? '' : `, ${issue.column}`;
    lines.push(
      `  ${issue.severity === 'error' ? 'error  ' : 'warning'} ${where}${column}: ${issue.code} — ${issue.message}`,
    );
  }
  if (job.issues.length > MAX_LISTED_ISSUES) {
    lines.push(`  … and ${job.issues.length - MAX_LISTED_ISSUES} more (use --report to get every row).`);
  }
  return `${lines.join('\n')}\n`;
}
