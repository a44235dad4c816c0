/**
 * `run <file>`: the whole job from the command line — format checks, pre-flight, the bulk engine with the
 * real executors, the audit trail and a results CSV. Against a sandbox (`--tenant-fixture`) or the configured
 * tenant. Blocked rows stop the run unless `--ready-only` says to run the ready ones.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import type { AppConfig } from '../../config.ts';
import { BulkOperationManager } from '../../operations/bulk/bulk-operation-manager.ts';
import { runConfigFor, prepareJob } from '../../operations/jobs/index.ts';
import { exportResultsCsv } from '../../operations/csv/index.ts';
import { expandExportItems } from '../../operations/executors/index.ts';
import type { BulkOperationResult } from '../../operations/model.ts';
import { buildTenantSnapshot } from '../../operations/preflight/index.ts';
import { systemClock } from '../../operations/system-clock.ts';
import type { TemporaryAccessPass } from '../../operations/tenant-ports.ts';
import { createExecutors } from '../../wiring/create-executors.ts';
import { preflightOptionsOf } from '../../wiring/preflight-options.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { createProgressPrinter, formatDuration } from '../progress-printer.ts';
import { withJobResources } from '../job-resources.ts';
import {
  openConfiguredTenantSession,
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
    values: ['type', 'tenant-fixture', 'data-dir', 'out'],
    booleans: ['ready-only'],
  });
  const [file, extra] = args.positionals;
  if (file === undefined || extra !== undefined) throw new UsageError('run needs exactly one CSV file.');
  const type = parseTypeFlag(stringFlag(args, 'type'));
  const fixture = stringFlag(args, 'tenant-fixture');
  const dataDir = stringFlag(args, 'data-dir') ?? config.dataDir;
  const out = stringFlag(args, 'out') ?? join(dirname(file), `${basename(file, extname(file))}.results.csv`);
  const bytes = await readInput(file);
  const actor = `cli:${safeUserName()}`;

  const openSandbox =
    deps.openSandbox ??
    ((path: string) => openSandboxSession(path, { sandbox: { restoreDurationMs: SANDBOX_RESTORE.durationMs } }));
  const openSession = () => (fixture ? openSandbox(fixture) : openConfiguredTenantSession(config));

  return withJobResources({ session: openSession, dataDir }, async ({ session, store, audit }) => {
    const jobId = randomUUID();
    const job = await prepareJob(
      { fileName: basename(file), bytes, type },
      { tenant: session.connection, audit },
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

    const { exchange, graph } = session.connection;
    const items =
      job.type === 'export' && job.import.items.length === 0 ? await expandExportItems(exchange) : job.ready;
    const executors = createExecutors(
      {
        exchange,
        graph,
        clock: systemClock,
        // Temporary Access Passes go to the person who ran the job, at once (they expire), and nowhere else.
        secrets: { deliver: (_op, row, upn, pass) => io.stderr.write(describePass(row, upn, pass)) },
        loadSnapshot: () => buildTenantSnapshot(items, job.type ?? 'validate', { exchange, graph }),
        restorePollIntervalMs: session.mode === 'sandbox' ? SANDBOX_RESTORE.pollIntervalMs : undefined,
      },
      config,
    );
    const manager = new BulkOperationManager({ executors, store, audit, config: config.bulk });
    io.stdout.write(`Running ${items.length} row(s) as job ${jobId} (ready rows hash ${job.readyRowsHash}).\n`);
    // Ctrl-C cancels: rows in progress finish, the rest are skipped, and the results are still written.
    const onInterrupt = () => {
      io.stderr.write('Cancelling: the rows in progress will finish, the others are skipped.\n');
      manager.cancel(jobId, actor);
    };
    process.once('SIGINT', onInterrupt);
    try {
      const result = await manager.execute(job.type, items, {
        jobId,
        actor,
        onProgress: createProgressPrinter((text) => io.stdout.write(text)),
        config: runConfigFor(job.type, config.restoreConcurrentRows),
      });
      // Every row of the file: those left out with --ready-only are listed as blocked, with why.
      await writeFile(out, exportResultsCsv(result, { blocked: job.blocked }));
      io.stdout.write(describeResult(result, out));
      return result.state === 'completed' ? EXIT.ok : EXIT.problems;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
    }
  });
}

function describePass(row: number, upn: string, pass: TemporaryAccessPass): string {
  return (
    `Temporary Access Pass for ${upn} (row ${row}): ${pass.temporaryAccessPass} — ` +
    `valid ${pass.lifetimeInMinutes} min from ${pass.startDateTime}, usable once. It is shown only now.\n`
  );
}

function describeResult(result: BulkOperationResult, out: string): string {
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

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers without a passwd entry for the uid: the audit trail still needs an actor.
    return 'unknown';
  }
}
