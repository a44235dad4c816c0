/**
 * `npx mailbox-recovery <command>`: the admin's command line beside the bot. Every command returns an exit
 * code (0 clean, 1 problems found, 2 usage error) and never prints a stack: unexpected errors become one
 * sentence with a correlation id.
 */
import { randomUUID } from 'node:crypto';
import { UsageError } from './args.ts';
import { EXIT, type CliIo } from './io.ts';
import { runValidateCommand } from './commands/validate.ts';
import { runTemplateCommand } from './commands/template.ts';
import { runAuditCommand } from './commands/audit.ts';
import { runRunCommand } from './commands/run.ts';
import { runDoctorCommand } from './commands/doctor.ts';
import { runJobsCommand } from './commands/jobs.ts';
import { runResumeCommand } from './commands/resume.ts';
import { openSandboxSession, TenantSessionError } from '../wiring/tenant-session.ts';
import { preflightOptionsOf } from '../wiring/preflight-options.ts';
import { readConfigFromEnvironment, type AppConfig } from '../config.ts';

export const USAGE = `Usage: mailbox-recovery <command> [options]

Commands:
  validate <file> [--type recovery|restore|validate|export] [--json] [--report <out.csv>] [--tenant-fixture <tenant.json>]
      Check a CSV's format and every row; with --tenant-fixture, also every row against that (sandbox) tenant.
      Exit 0 when clean, 1 when it has errors.
  run <file> [--tenant-fixture <tenant.json> | --tenant-url <sandbox url>] [--type …] [--ready-only] [--data-dir <dir>] [--out <results.csv>]
      Check the file, then run every ready row against the sandbox tenant of the fixture, or the configured
      tenant; write the results CSV. Refuses when rows are blocked, unless --ready-only, and when the same
      file's job was interrupted (then it says what to type).
  resume [job] [--tenant-fixture <tenant.json> | --tenant-url <sandbox url>] [--data-dir <dir>] [--out <results.csv>]
      Finish the jobs a killed run left behind (or the one named): rows in progress are checked against the
      tenant and finished, never done twice; then the rest run and the results CSV is written.
  jobs [--data-dir <dir>]
      List the jobs of the data directory; interrupted ones say how to finish them. Exit 1 when any is.
  template <type> [--out <file>]
      Write a CSV template (header and one example row) for recovery, restore, validate or export.
  audit verify [--data-dir <dir>]
      Check the audit trail's hash chain. Exit 1 and name the first bad entry if it was altered.
  doctor [--tenant-fixture <tenant.json>] [--json]
      Check, read-only, the configured tenant (or the fixture's sandbox): both tokens, one inactive-mailbox read,
      domains and licence SKUs. Names each missing permission. Exit 0 when all pass, 1 otherwise.
  help
      Show this text.
`;

/** `config` is read only by the commands that need it: a bad tenant setting must not break `template`. */
type Command = (argv: readonly string[], io: CliIo, config: () => AppConfig) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  validate: (argv, io, config) =>
    runValidateCommand(argv, io, {
      csvLimits: config().csvLimits,
      preflight: preflightOptionsOf(config()),
      openSandbox: (fixturePath) => openSandboxSession(fixturePath),
    }),
  template: (argv, io) => runTemplateCommand(argv, io),
  run: (argv, io, config) => runRunCommand(argv, io, config()),
  resume: (argv, io, config) => runResumeCommand(argv, io, config()),
  jobs: (argv, io, config) => runJobsCommand(argv, io, config()),
  audit: (argv, io, config) => runAuditCommand(argv, io, { dataDir: config().dataDir }),
  doctor: (argv, io, config) => runDoctorCommand(argv, io, config()),
};

/** @param loadConfig defaults to reading the environment; tests pass their own. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  loadConfig: () => AppConfig = readConfigFromEnvironment,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`Unknown command "${name}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io, loadConfig);
  } catch (error) {
    // A tenant that cannot be set up as asked is the caller's to fix, like a bad option.
    if (error instanceof UsageError || error instanceof TenantSessionError) {
      io.stderr.write(`${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    const correlationId = randomUUID().slice(0, 8);
    io.stderr.write(`${describeError(error)} Correlation id: ${correlationId}.\n`);
    return EXIT.problems;
  }
}

/** Our own typed errors carry a stable code and a sentence written for admins; anything else stays generic. */
function describeError(error: unknown): string {
  if (!(error instanceof Error) || 'errno' in error) return 'Something unexpected went wrong.';
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code) ? error.message : 'Something unexpected went wrong.';
}
