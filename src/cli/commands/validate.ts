import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importCsv, writeValidationReport, type ImportResult } from '../../operations/csv/index.ts';
import { BULK_OPERATION_TYPES, isBulkOperationType, type BulkOperationType } from '../../operations/model.ts';
import { blockedRows, hasErrors, type ValidationIssue } from '../../operations/validation-issue.ts';
import type { CsvLimits } from '../../operations/csv/index.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';

export interface ValidateCommandDefaults {
  csvLimits?: Partial<CsvLimits>;
  /** Adds tenant pre-flight issues (the `--tenant-fixture` option); absent = format checks only. */
  preflight?: (result: ImportResult, fixturePath: string) => Promise<ValidationIssue[]>;
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
  const type = stringFlag(args, 'type');
  if (type !== undefined && !isBulkOperationType(type)) {
    throw new UsageError(`--type must be one of ${BULK_OPERATION_TYPES.join(', ')} (got "${type}").`);
  }
  const fixture = stringFlag(args, 'tenant-fixture');
  if (fixture !== undefined && defaults.preflight === undefined) {
    throw new UsageError('--tenant-fixture is not available in this build.');
  }

  const bytes = await readInput(file);
  const result = importCsv(bytes, { type: type as BulkOperationType | undefined, limits: defaults.csvLimits });
  const issues = [...result.issues];
  if (fixture !== undefined && defaults.preflight && !hasErrorsAtFileLevel(result.issues)) {
    issues.push(...(await defaults.preflight(result, fixture)));
  }
  issues.sort(compareIssues);

  const report = stringFlag(args, 'report');
  if (report !== undefined) await writeFile(report, writeValidationReport(result, issues));

  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify(toJson(result, issues))}\n`);
  } else {
    io.stdout.write(describeResult(basename(file), result, issues));
    if (report !== undefined) io.stdout.write(`Row-by-row report written to ${report}.\n`);
  }
  return hasErrors(issues) ? EXIT.problems : EXIT.ok;
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : 'it cannot be read';
    throw new UsageError(`Cannot open ${file}: ${why}.`);
  }
}

function hasErrorsAtFileLevel(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error' && issue.row === null);
}

function compareIssues(a: ValidationIssue, b: ValidationIssue): number {
  return (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? '');
}

function toJson(result: ImportResult, issues: readonly ValidationIssue[]) {
  return {
    type: result.type,
    items: result.items.map(({ rowNumber, sourceIdentity, targetIdentity, additionalData }) => ({
      rowNumber,
      sourceIdentity,
      targetIdentity,
      additionalData,
    })),
    issues: issues.map(({ row, column, code, severity, message }) => ({ row, column, code, severity, message })),
  };
}

function describeResult(name: string, result: ImportResult, issues: readonly ValidationIssue[]): string {
  const blocked = blockedRows(issues);
  const warned = new Set(issues.filter((i) => i.severity === 'warning' && i.row !== null).map((i) => i.row));
  const total = result.items.length;
  const ready = result.items.filter((item) => !blocked.has(item.rowNumber)).length;
  const withWarnings = result.items.filter((i) => !blocked.has(i.rowNumber) && warned.has(i.rowNumber)).length;
  const lines = [
    `${name}: ${result.type ?? 'unknown type'}, ${total} row${total === 1 ? '' : 's'} — ${ready} ready` +
      ` (${withWarnings} with warnings), ${blocked.size} blocked.`,
  ];
  for (const issue of issues.slice(0, MAX_LISTED_ISSUES)) {
    const where = issue.row === null ? 'file' : `row ${issue.row}`;
    const column = issue.column === null ? '' : `, ${issue.column}`;
    lines.push(
      `  ${issue.severity === 'error' ? 'error  ' : 'warning'} ${where}${column}: ${issue.code} — ${issue.message}`,
    );
  }
  if (issues.length > MAX_LISTED_ISSUES) {
    lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more (use --report to get every row).`);
  }
  return `${lines.join('\n')}\n`;
}
