/**
 * `jobs`: the jobs of the data directory, newest first, with their state — an interrupted one (a killed `run` or
 * bot left it approved or running) says so, and what happens to it: what to type, or that the bot resumes it.
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
  const who = isCommandLineJob(job) ? 'command line' : (job.requester.name ?? job.requester.id);
  const interrupted = isInterruptedJob(job);
  const state = interrupted ? 'interrupted' : job.state.replaceAll('_', ' ');
  const line = `${job.jobId}  ${state.padEnd(21)}  ${job.type.padEnd(8)}  ${String(job.rowCounts.ready).padStart(5)} row(s)  ${job.createdAt}  ${job.fileName}  (${who})`;
  return interrupted ? `${line}: ${whatHappensTo(job)}\n` : `${line}\n`;
}

/**
 * A job left approved or running has no process carrying it on while this command holds the data directory
 * (the bot cannot run on it meanwhile): the command line's must be resumed here, the bot's resume when it starts.
 */
function whatHappensTo(job: JobRecord): string {
  return isCommandLineJob(job)
    ? `run \`mailbox-recovery resume ${job.jobId}\` to finish it`
    : 'the bot resumes it when it starts';
}
