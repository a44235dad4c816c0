/**
 * `resume [job]`: finishes what a killed `run` left behind, through the one resume path the bot takes at start
 * (operations/jobs/recover-jobs.ts): rows found in progress are checked against the tenant and settled (a
 * recovered mailbox still missing its licence gets it, never a second New-Mailbox), then the rest run, and the
 * results file is written as `run` writes it.
 */
import { join } from 'node:path';
import type { AppConfig } from '../../config.ts';
import { isCommandLineJob, isInterruptedJob, recoverJobs, type JobRecord } from '../../operations/jobs/index.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { failLostCliJob, resumeCliJob, startCliJob, type CliJobRun } from '../cli-job-runner.ts';
import { EXIT, type CliIo } from '../io.ts';
import { withJobResources } from '../job-resources.ts';
import { CLI_REQUESTER_PREFIX } from '../../operations/jobs/index.ts';
import {
  openConfiguredTenantSession,
  openRemoteSandboxSession,
  openSandboxSession,
  SANDBOX_RESTORE,
} from '../../wiring/tenant-session.ts';
import type { RunCommandDeps } from './run.ts';
import { describeResult, safeUserName } from './run.ts';

export async function runResumeCommand(
  argv: readonly string[],
  io: CliIo,
  config: AppConfig,
  deps: RunCommandDeps = {},
): Promise<number> {
  const args = parseArgs(argv, { values: ['tenant-fixture', 'tenant-url', 'data-dir', 'out'], booleans: [] });
  const [wanted, extra] = args.positionals;
  if (extra !== undefined) throw new UsageError('resume takes at most one job id.');
  const fixture = stringFlag(args, 'tenant-fixture');
  const dataDir = stringFlag(args, 'data-dir') ?? config.dataDir;
  const outFlag = stringFlag(args, 'out');
  const actor = `${CLI_REQUESTER_PREFIX}${safeUserName()}`;
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
    const all = await resources.jobs.list({ limit: Number.POSITIVE_INFINITY });
    const interrupted = all.filter((job) => isCommandLineJob(job) && isInterruptedJob(job));
    if (wanted !== undefined && !interrupted.some((job) => job.jobId === wanted)) {
      const known = all.find((job) => job.jobId === wanted);
      io.stdout.write(
        known === undefined
          ? `There is no job ${wanted} in ${dataDir}. Type "mailbox-recovery jobs" to list them.\n`
          : `Job ${wanted} is ${known.state.replaceAll('_', ' ')}: there is nothing to resume.\n`,
      );
      return EXIT.problems;
    }
    if (interrupted.length === 0) {
      io.stdout.write('No interrupted job: nothing to resume.\n');
      return EXIT.ok;
    }
    let clean = true;
    const runFor = (job: JobRecord): CliJobRun => ({
      resources,
      io,
      config,
      // The results file goes where --out says, else beside where you are, named after the file.
      out: outFlag ?? join(process.cwd(), `${job.fileName.replace(/\.[^.]*$/, '')}.results.csv`),
    });
    const report = async (job: JobRecord, result: Awaited<ReturnType<typeof resumeCliJob>>) => {
      io.stdout.write(describeResult(result, runFor(job).out));
      if (result.state !== 'completed') clean = false;
    };
    const recovered = await recoverJobs({
      operations: resources.store,
      jobs: resources.jobs,
      owns: (job) => isCommandLineJob(job) && (wanted === undefined || job.jobId === wanted),
      resume: async (job) => {
        io.stdout.write(`Resuming job ${job.jobId} (${job.fileName}): rows left in progress are checked first.\n`);
        await report(job, await resumeCliJob(runFor(job), job, actor));
      },
      start: async (job) => {
        io.stdout.write(`Starting job ${job.jobId} (${job.fileName}): none of its rows had run.\n`);
        await report(job, await startCliJob(runFor(job), job, actor));
      },
      failLost: (job) => failLostCliJob(runFor(job), job),
      log: (message) => io.stderr.write(`${message}\n`),
    });
    return clean && recovered.failed.length === 0 && recovered.notRecovered.length === 0 ? EXIT.ok : EXIT.problems;
  });
}
