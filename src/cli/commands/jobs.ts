/**
 * `jobs`: the jobs of the data directory, newest first, with their state — an interrupted one (a killed `run`
 * left it approved or running) says so, and what to type to finish it.
 */
import type { AppConfig } from '../../config.ts';
import { isCommandLineJob, isInterruptedJob, type JobRecord } from '../../operations/jobs/index.ts';
import { openStores } from '../../store/open-stores.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { describeInterrupted } from './run.ts';

export async function runJobsCommand(argv: readonly string[], io: CliIo, config: AppConfig): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir'], booleans: [] });
  if (args.positionals.length > 0) throw new UsageError('jobs takes no file or job id.');
  const dataDir = stringFlag(args, 'data-dir') ?? config.dataDir;
  const stores = await openStores(dataDir);
  try {
    const jobs = await stores.jobs.list({ limit: Number.POSITIVE_INFINITY });
    if (jobs.length === 0) {
      io.stdout.write(`No jobs in ${dataDir}.\n`);
      return EXIT.ok;
    }
    for (const job of jobs) io.stdout.write(describeLine(job));
    const interrupted = jobs.filter((job) => isCommandLineJob(job) && isInterruptedJob(job));
    for (const job of interrupted) io.stdout.write(describeInterrupted(job, stringFlag(args, 'data-dir')));
    return interrupted.length === 0 ? EXIT.ok : EXIT.problems;
  } finally {
    await stores.close();
  }
}

function describeLine(job: JobRecord): string {
  // A job of the command line left approved or running has no process carrying it on: it is interrupted.
  // The bot's jobs are resumed by the bot when it starts.
  const state = isCommandLineJob(job) && isInterruptedJob(job) ? 'interrupted' : job.state.replaceAll('_', ' ');
  const who = isCommandLineJob(job) ? 'command line' : (job.requester.name ?? job.requester.id);
  return `${job.jobId}  ${state.padEnd(21)}  ${job.type.padEnd(8)}  ${String(job.rowCounts.ready).padStart(5)} row(s)  ${job.createdAt}  ${job.fileName}  (${who})\n`;
}
