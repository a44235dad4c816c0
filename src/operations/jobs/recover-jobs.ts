/**
 * The one resume path every entry point takes at start (the bot when it starts, the CLI's `run` and `resume`):
 * operations a killed process left running are carried on by the engine — rows found in progress are
 * reconciled against the tenant first, never re-run blindly (bulk/reconcile-interrupted.ts) — and jobs whose
 * operation was never saved are started from the rows they kept, or failed when those are gone
 * (job-recovery.ts). Each entry point carries on only the jobs it owns: the CLI has no chat to post a progress
 * card to, the bot no terminal to print a Temporary Access Pass on.
 */
import type { OperationStore } from '../ports.ts';
import { JobLifecycleError } from './job-lifecycle.ts';
import { planJobRecovery } from './job-recovery.ts';
import type { JobRecord, JobStore } from './job-record.ts';

/** Jobs the command line runs are requested by `cli:<user>` (commands/run.ts); the bot's by a Teams person. */
export const CLI_REQUESTER_PREFIX = 'cli:';

export function isCommandLineJob(job: Pick<JobRecord, 'requester' | 'conversation'>): boolean {
  return job.conversation === null && job.requester.id.startsWith(CLI_REQUESTER_PREFIX);
}

/** A job a process left unfinished: its rows may be half done until an entry point resumes it. */
export function isInterruptedJob(job: Pick<JobRecord, 'state'>): boolean {
  return job.state === 'approved' || job.state === 'running';
}

export interface RecoverJobsPorts {
  operations: Pick<OperationStore, 'list'>;
  jobs: Pick<JobStore, 'get' | 'list'>;
  /** Which stored jobs this entry point carries on. */
  owns: (job: JobRecord) => boolean;
  /** The engine carries on the job's stored operation (or hands back how it ended). */
  resume: (job: JobRecord) => Promise<void>;
  /** Starts an approved (or running, never saved) job from its kept rows; `actor` is `system`. */
  start: (job: JobRecord) => Promise<void>;
  /** Ends a job that cannot run: its rows are gone, or were altered since the approval. */
  failLost: (job: JobRecord) => Promise<void>;
  log: (message: string) => void;
}

export interface RecoveredJobs {
  resumed: string[];
  started: string[];
  failed: string[];
  /** Jobs that could not be recovered now (each logged); the others were. */
  notRecovered: string[];
}

export async function recoverJobs(ports: RecoverJobsPorts): Promise<RecoveredJobs> {
  const report: RecoveredJobs = { resumed: [], started: [], failed: [], notRecovered: [] };
  const operations = await ports.operations.list();
  const stored = new Set(operations.map((op) => op.jobId));
  const done = new Set<string>();
  const attempt = async (jobId: string, what: () => Promise<keyof Omit<RecoveredJobs, 'notRecovered'> | null>) => {
    try {
      const outcome = await what();
      if (outcome !== null) report[outcome].push(jobId);
    } catch (error) {
      // One damaged job file must not keep the others (or the process) from starting.
      report.notRecovered.push(jobId);
      ports.log(`job ${jobId}: not recovered after the restart (${describe(error)})`);
    }
    done.add(jobId);
  };
  // First the operations left running, whatever their job's state (a cancel clicked before the crash ends
  // through the engine too).
  for (const op of operations.filter((candidate) => candidate.state === 'running')) {
    await attempt(op.jobId, async () => {
      const job = await ports.jobs.get(op.jobId);
      if (job === undefined || !ports.owns(job)) return null;
      await ports.resume(job);
      return 'resumed';
    });
  }
  // Then the jobs whose operation is not running: approved ones never started, running ones never saved.
  for (const job of await ports.jobs.list({ limit: Number.POSITIVE_INFINITY })) {
    if (done.has(job.jobId) || !ports.owns(job)) continue;
    await attempt(job.jobId, async () => {
      const plan = planJobRecovery(job, stored.has(job.jobId));
      if (plan === 'resume') await ports.resume(job);
      if (plan === 'fail') await ports.failLost(job);
      if (plan === 'start') return startOrFail(ports, job);
      return plan === 'none' ? null : plan === 'resume' ? 'resumed' : 'failed';
    });
  }
  return report;
}

async function startOrFail(ports: RecoverJobsPorts, job: JobRecord): Promise<'started' | 'failed'> {
  try {
    await ports.start(job);
    return 'started';
  } catch (error) {
    // Rows altered since the approval can never run: the job ends like one whose rows are gone.
    if (!(error instanceof JobLifecycleError && error.code === 'CONTENT_MISMATCH')) throw error;
    await ports.failLost(job);
    return 'failed';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
