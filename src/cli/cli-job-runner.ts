/**
 * Runs a command-line job on the bulk engine, from its first row (`run`) or from where a killed process left it
 * (`resume`, through operations/jobs/recover-jobs.ts like the bot): the job moves approved → running → its end
 * state in the job store, Ctrl-C cancels, and the results file lists every row of the file.
 */
import { writeFile } from 'node:fs/promises';
import type { AppConfig } from '../config.ts';
import { BulkOperationManager } from '../operations/bulk/bulk-operation-manager.ts';
import { exportResultsCsv } from '../operations/csv/index.ts';
import {
  applyJobEvent,
  itemsToRun,
  jobEndStateOf,
  rowsLostAuditEvent,
  markFinished,
  runConfigFor,
  type JobRecord,
} from '../operations/jobs/index.ts';
import type { BulkOperationItem, BulkOperationResult } from '../operations/model.ts';
import { buildTenantSnapshot } from '../operations/preflight/index.ts';
import { systemClock } from '../operations/system-clock.ts';
import type { TemporaryAccessPass } from '../operations/tenant-ports.ts';
import { createExecutors } from '../wiring/create-executors.ts';
import { SANDBOX_RESTORE } from '../wiring/tenant-session.ts';
import type { CliIo } from './io.ts';
import type { JobResources } from './job-resources.ts';
import { createProgressPrinter } from './progress-printer.ts';

export interface CliJobRun {
  resources: JobResources;
  io: CliIo;
  config: AppConfig;
  /** Where the results CSV goes. */
  out: string;
}

/** Runs an approved job from its first row. */
export async function startCliJob(run: CliJobRun, job: JobRecord, actor: string): Promise<BulkOperationResult> {
  const items = itemsToRun(job);
  await move(run, job, { kind: 'start', actor, now: systemClock.now() });
  return drive(run, job, items, (manager, onProgress) =>
    manager.execute(job.type, items, {
      jobId: job.jobId,
      actor,
      onProgress,
      config: runConfigFor(job.type, run.config.restoreConcurrentRows),
    }),
  );
}

/** Carries on the job's saved operation: rows found in progress are reconciled, then the rest run. */
export async function resumeCliJob(run: CliJobRun, job: JobRecord, actor: string): Promise<BulkOperationResult> {
  const saved = await run.resources.store.load(job.jobId);
  const items = saved?.items ?? job.items ?? [];
  if (job.state === 'approved') await move(run, job, { kind: 'start', actor, now: systemClock.now() });
  return drive(run, job, items, (manager, onProgress) => manager.resume(job.jobId, { actor, onProgress }));
}

/** A job whose rows are gone (or changed since it was approved) cannot run: it ends as failed, audited. */
export async function failLostCliJob(run: CliJobRun, job: JobRecord): Promise<void> {
  await run.resources.jobs.update(job.jobId, async (current) => {
    if (current?.state !== 'approved' && current?.state !== 'running') return undefined;
    await run.resources.audit.append(rowsLostAuditEvent(job));
    return markFinished(current, 'failed');
  });
  run.io.stderr.write(`Job ${job.jobId} (${job.fileName}) could not be resumed: its rows are no longer stored.\n`);
}

async function drive(
  run: CliJobRun,
  job: JobRecord,
  items: readonly BulkOperationItem[],
  go: (
    manager: BulkOperationManager,
    onProgress: ReturnType<typeof createProgressPrinter>,
  ) => Promise<BulkOperationResult>,
): Promise<BulkOperationResult> {
  const { io, config, resources } = run;
  const { session, store, audit } = resources;
  const { exchange, graph } = session.connection;
  const executors = createExecutors(
    {
      exchange,
      graph,
      clock: systemClock,
      // Temporary Access Passes go to the person who ran the job, at once (they expire), and nowhere else.
      secrets: { deliver: (_op, row, upn, pass) => io.stderr.write(describePass(row, upn, pass)) },
      loadSnapshot: () => buildTenantSnapshot(items, job.type, { exchange, graph }),
      restorePollIntervalMs: session.mode === 'sandbox' ? SANDBOX_RESTORE.pollIntervalMs : undefined,
    },
    config,
  );
  const manager = new BulkOperationManager({ executors, store, audit, config: config.bulk });
  // Ctrl-C cancels: rows in progress finish, the rest are skipped, and the results are still written.
  const onInterrupt = () => {
    io.stderr.write('Cancelling: the rows in progress will finish, the others are skipped.\n');
    manager.cancel(job.jobId, job.requester.id);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const result = await go(
      manager,
      createProgressPrinter((text) => io.stdout.write(text)),
    );
    // Every row of the file: those left out with --ready-only are listed as blocked, with why.
    await writeFile(run.out, exportResultsCsv(result, { blocked: job.blockedRows }));
    const ended = jobEndStateOf(result.state);
    if (ended !== undefined)
      await move(run, job, { kind: 'finish', state: ended, actor: 'system', now: systemClock.now() });
    return result;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

async function move(run: CliJobRun, job: JobRecord, event: Parameters<typeof applyJobEvent>[2]): Promise<void> {
  await applyJobEvent({ store: run.resources.jobs, audit: run.resources.audit }, job.jobId, event);
}

function describePass(row: number, upn: string, pass: TemporaryAccessPass): string {
  return (
    `Temporary Access Pass for ${upn} (row ${row}): ${pass.temporaryAccessPass} — ` +
    `valid ${pass.lifetimeInMinutes} min from ${pass.startDateTime}, usable once. It is shown only now.\n`
  );
}
