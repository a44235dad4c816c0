/**
 * `run <file>`: the whole job from the command line — format checks, pre-flight, the bulk engine with the
 * real executors, the audit trail and a results CSV. Against a sandbox (`--tenant-fixture`) or the configured
 * tenant. Blocked rows stop the run unless `--ready-only` says to run the ready ones.
 */
import { createHash, randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import type { AppConfig } from '../../config.ts';
import {
  CLI_REQUESTER_PREFIX,
  createCommandLineJob,
  isCommandLineJob,
  isInterruptedJob,
  prepareJob,
  type JobRecord,
} from '../../operations/jobs/index.ts';
import { expandExportItems } from '../../operations/executors/index.ts';
import type { BulkOperationResult } from '../../operations/model.ts';
import { systemClock } from '../../operations/system-clock.ts';
import { preflightOptionsOf } from '../../wiring/preflight-options.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { formatDuration } from '../progress-printer.ts';
import { startCliJob } from '../cli-job-runner.ts';
import { withJobResources } from '../job-resources.ts';
import {
  openConfiguredTenantSession,
  openRemoteSandboxSession,
  openSandboxSession,
  SANDBOX_RESTORE,
  type TenantSession,
} from '../../wiring/tenant-session.ts';
import { describeJob, parseTypeFlag, readInput } from './validate.ts';

export interface RunCommandDeps {
  /** How `--tenant-fixture` becomes a tenant; tests pass one that keeps the sandbox to read its ledger. */
  openSandbox?: (fixturePath: string) => Promise<TenantSession>;
}

export async function runRunCommand(
  argv: readonly string[],
  io: CliIo,
  config: AppConfig,
  deps: RunCommandDeps = {},
): Promise<number> {
  const args = parseArgs(argv, {
    values: ['type', 'tenant-fixture', 'tenant-url', 'data-dir', 'out'],
    booleans: ['ready-only'],
  });
  const [file, extra] = args.positionals;
  if (file === undefined || extra !== undefined) throw new UsageError('run needs exactly one CSV file.');
  const type = parseTypeFlag(stringFlag(args, 'type'));
  const fixture = stringFlag(args, 'tenant-fixture');
  const dataDir = stringFlag(args, 'data-dir') ?? config.dataDir;
  const out = stringFlag(args, 'out') ?? join(dirname(file), `${basename(file, extname(file))}.results.csv`);
  const bytes = await readInput(file);
  const userName = safeUserName();
  const actor = `${CLI_REQUESTER_PREFIX}${userName}`;

  const openSandbox =
    deps.openSandbox ??
    ((path: string) => openSandboxSession(path, { sandbox: { restoreDurationMs: SANDBOX_RESTORE.durationMs } }));
  const tenantUrl = stringFlag(args, 'tenant-url');
  // A sandbox in its own process (`npm run sandbox`) outlives this one, as a tenant does: what a crash test needs.
  const openSession = () =>
    tenantUrl !== undefined
      ? openRemoteSandboxSession(tenantUrl)
      : fixture
        ? openSandbox(fixture)
        : openConfiguredTenantSession(config);

  return withJobResources({ session: openSession, dataDir }, async (resources) => {
    const { session, audit, jobs } = resources;
    const interrupted = (await jobs.list({ limit: Number.POSITIVE_INFINITY })).filter(
      (candidate) => isCommandLineJob(candidate) && isInterruptedJob(candidate),
    );
    const fileSha256 = createHash('sha256').update(bytes).digest('hex');
    const sameFile = interrupted.find((candidate) => candidate.fileSha256 === fileSha256);
    // Running the file again would start a second job beside the half-done one, whose rows are already
    // consumed in the tenant: the interrupted job is finished instead, by `resume`.
    if (sameFile !== undefined) {
      io.stdout.write(describeInterrupted(sameFile, stringFlag(args, 'data-dir')));
      return EXIT.problems;
    }
    for (const other of interrupted) io.stderr.write(describeInterrupted(other, stringFlag(args, 'data-dir')));

    const jobId = randomUUID();
    const job = await prepareJob(
      { fileName: basename(file), bytes, type },
      { tenant: session.connection, audit, ownOperations: resources.store },
      { jobId, actor, limits: config.csvLimits, preflight: preflightOptionsOf(config) },
    );
    io.stdout.write(describeJob(job));
    if (job.type === null || (job.counts.blocked > 0 && !args.flags.has('ready-only'))) {
      io.stdout.write(
        job.type === null || job.counts.ready === 0
          ? 'Nothing can run: fix the file and try again.\n'
          : `Not run: ${job.counts.blocked} row(s) are blocked. Fix them, or pass --ready-only to run the ${job.counts.ready} ready row(s).\n`,
      );
      return EXIT.problems;
    }

    const items =
      job.type === 'export' && job.import.items.length === 0
        ? await expandExportItems(session.connection.exchange)
        : job.ready;
    // Stored before any row runs, so a killed run leaves a job that `resume` finds and finishes.
    const record = createCommandLineJob({ ...job, type: job.type }, items, userName, systemClock.now());
    await jobs.put(record);
    io.stdout.write(`Running ${items.length} row(s) as job ${jobId} (ready rows hash ${job.readyRowsHash}).\n`);
    const result = await startCliJob({ resources, io, config, out }, record, actor);
    io.stdout.write(describeResult(result, out));
    return result.state === 'completed' ? EXIT.ok : EXIT.problems;
  });
}

/** What to type to finish a job a killed process left behind; shared with `jobs`. */
export function describeInterrupted(job: JobRecord, dataDir: string | undefined): string {
  const where = dataDir === undefined ? '' : ` --data-dir ${dataDir}`;
  return (
    `Job ${job.jobId} (${job.fileName}, ${job.rowCounts.ready} row(s), started ${job.submittedAt ?? job.createdAt}) ` +
    `was interrupted before it finished. Finish it with: mailbox-recovery resume ${job.jobId}${where} ` +
    '(with the same --tenant-fixture, if you ran it with one).\n'
  );
}

export function describeResult(result: BulkOperationResult, out: string): string {
  const { completed, failed, skipped, total } = result.totals;
  const rate = Math.round(result.successRate * 100);
  const lines = [
    `Finished (${result.state.replaceAll('_', ' ')}) in ${formatDuration(result.durationSeconds)}: ` +
      `${completed} of ${total} completed, ${failed} failed, ${skipped} skipped (success rate ${rate}%).`,
  ];
  if (result.stopReason) lines.push(`Stopped: ${result.stopReason.message}`);
  for (const item of result.items.filter((i) => i.status === 'failed').slice(0, 10)) {
    lines.push(`  row ${item.rowNumber}: ${item.error?.code} — ${item.error?.message}`);
  }
  lines.push(`Results written to ${out}.`);
  return `${lines.join('\n')}\n`;
}

export function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers without a passwd entry for the uid: the audit trail still needs an actor.
    return 'unknown';
  }
}
