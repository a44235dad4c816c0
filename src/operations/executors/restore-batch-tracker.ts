/**
 * Tracks a job's restore requests together instead of one poll per row per interval.
 *
 * Every request of a job is submitted with the same `-BatchName`, so once per interval one
 * `Get-MailboxRestoreRequest -BatchName <batch> -ResultSize Unlimited` gives the Status of all of them (1000 per
 * page). The listing carries no PercentComplete or numbers (those are statistics-only properties), and
 * `Get-MailboxRestoreRequestStatistics` takes one `-Identity` per call: Exchange Online has no `-RequestQueue` or
 * batch form of it (Learn: Get-MailboxRestoreRequestStatistics, "-RequestQueue … available only in on-premises
 * Exchange"; its pipeline example pipes one identity at a time). So statistics are read only where they are
 * needed, with at most `statisticsPerInterval` reads per interval:
 *   1. a request the listing shows finished (Completed, CompletedWithWarning, Failed): its numbers make the
 *      row's outcome — once in the request's life;
 *   2. a request the listing does not show (submitted before batches, or removed by an admin): read on its own,
 *      as the per-row tracking did, so a removed request still fails its row;
 *   3. for percent complete, copying requests whose status just changed, then the least recently read ones.
 * With N requests that is ⌈N/1000⌉ listing pages + at most `statisticsPerInterval` reads per interval, against
 * N reads per interval before; reads that did not fit wait for the next interval (finished requests first).
 */
import type { Clock, ExecutionContext, ItemOutcome } from '../ports.ts';
import {
  TenantError,
  type RestoreRequestRecord,
  type RestoreRequestStatistics,
  type RestoreRequestStatus,
} from '../tenant-ports.ts';
import { FINISHED_RESTORE_STATUSES } from '../preflight/restore-target-rules.ts';
import type { RestoreExchange } from './restore-submit.ts';
import { finalOutcome } from './restore-tracking.ts';

/**
 * A restore runs for hours while Exchange copies: a throttled or failed read says nothing about the copy, so
 * it is waited out instead of spending the row's retries. Only this many failed reads in a row go up.
 */
const MAX_FAILED_READS_IN_A_ROW = 10;

/** Accepted but not copying yet: PercentComplete is 0, nothing to read. */
const WAITING_STATUSES: ReadonlySet<RestoreRequestStatus> = new Set(['None', 'Queued']);

export interface TrackedRequest {
  name: string;
  requestGuid: string;
}

export interface RestoreTrackerOptions {
  /** Pause between listings. */
  pollIntervalMs: number;
  /** Statistics reads per batch per interval, finished requests first. */
  statisticsPerInterval: number;
}

/** Statistics reads in flight at once (the gateway keeps Exchange within its own limit as well). */
const READ_LANES = 3;

export type TrackingContext = Pick<ExecutionContext, 'signal' | 'saveCheckpoint'>;

export interface RestoreTrackers {
  /** Resolves with the row's outcome once its request finished; rejects on cancel or a failure that goes up. */
  track(batchName: string, request: TrackedRequest, context: TrackingContext): Promise<ItemOutcome>;
}

type TrackerExchange = Pick<RestoreExchange, 'getRestoreRequests' | 'getRestoreRequestStatistics'>;

/** One tracker per batch name, alive while it has requests to watch. Owned by one executor, not global. */
export function createRestoreTrackers(
  exchange: TrackerExchange,
  clock: Clock,
  options: RestoreTrackerOptions,
): RestoreTrackers {
  const trackers = new Map<string, BatchTracker>();
  return {
    track(batchName, request, context) {
      let tracker = trackers.get(batchName);
      if (tracker === undefined) {
        const created = new BatchTracker(batchName, exchange, clock, options, () => {
          if (trackers.get(batchName) === created) trackers.delete(batchName);
        });
        trackers.set(batchName, created);
        tracker = created;
      }
      return tracker.add(request, context);
    },
  };
}

interface Watcher {
  request: TrackedRequest;
  context: TrackingContext;
  /** Last status seen (listing or statistics), and what was last saved in the row's checkpoint. */
  status: RestoreRequestStatus | null;
  percentComplete: number;
  saved: string;
  /** Interval of the last statistics read; -1 before the first. */
  readAt: number;
  failedReads: number;
  settle(result: { outcome: ItemOutcome } | { error: unknown }): void;
}

class BatchTracker {
  readonly #watchers = new Map<string, Watcher>();
  /** One abort listener per signal (a job's rows share theirs), not one per row: a batch holds thousands. */
  readonly #bySignal = new Map<AbortSignal, { watchers: Set<Watcher>; onAbort: () => void }>();
  #running = false;
  #wake = new AbortController();

  constructor(
    readonly batchName: string,
    private readonly exchange: TrackerExchange,
    private readonly clock: Clock,
    private readonly options: RestoreTrackerOptions,
    private readonly onIdle: () => void,
  ) {}

  add(request: TrackedRequest, context: TrackingContext): Promise<ItemOutcome> {
    return new Promise<ItemOutcome>((resolve, reject) => {
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      const key = request.requestGuid.toLowerCase();
      const watcher: Watcher = {
        request,
        context,
        status: null,
        percentComplete: 0,
        saved: '',
        readAt: -1,
        failedReads: 0,
        settle: (result) => {
          if (this.#watchers.get(key) !== watcher) return;
          this.#watchers.delete(key);
          this.#unlisten(watcher);
          if ('outcome' in result) resolve(result.outcome);
          else reject(result.error);
          // Nobody left: end the pause now rather than after a whole interval.
          if (this.#watchers.size === 0) this.#wake.abort();
        },
      };
      // The same request tracked twice (a retry racing its own earlier attempt): the newer attempt wins.
      this.#watchers.get(key)?.settle({ error: new Error(`Restore request ${request.name} is tracked again.`) });
      this.#watchers.set(key, watcher);
      this.#listen(watcher);
      if (!this.#running) {
        this.#running = true;
        void this.#run();
      }
    });
  }

  #listen(watcher: Watcher): void {
    const { signal } = watcher.context;
    let group = this.#bySignal.get(signal);
    if (group === undefined) {
      const watchers = new Set<Watcher>();
      const onAbort = () => {
        for (const each of [...watchers]) each.settle({ error: signal.reason });
      };
      group = { watchers, onAbort };
      this.#bySignal.set(signal, group);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    group.watchers.add(watcher);
  }

  #unlisten(watcher: Watcher): void {
    const { signal } = watcher.context;
    const group = this.#bySignal.get(signal);
    if (group === undefined) return;
    group.watchers.delete(watcher);
    if (group.watchers.size > 0) return;
    signal.removeEventListener('abort', group.onAbort);
    this.#bySignal.delete(signal);
  }

  async #run(): Promise<void> {
    let failedListings = 0;
    for (let interval = 0; this.#watchers.size > 0; interval += 1) {
      let waitMs = this.options.pollIntervalMs;
      try {
        const listed = await this.exchange.getRestoreRequests({ batchName: this.batchName });
        failedListings = 0;
        waitMs = Math.max(waitMs, await this.#apply(listed, interval));
      } catch (error) {
        failedListings += 1;
        if (!isTransient(error) || failedListings >= MAX_FAILED_READS_IN_A_ROW) {
          for (const watcher of [...this.#watchers.values()]) watcher.settle({ error });
        } else {
          waitMs = Math.max(waitMs, error.retryAfterMs ?? 0);
        }
      }
      if (this.#watchers.size === 0) break;
      this.#wake = new AbortController();
      try {
        await this.clock.sleep(waitMs, this.#wake.signal);
      } catch {
        // Woken because every watcher left: the loop condition ends the tracker.
      }
    }
    // Synchronous from the last check to here: a row that joins later finds no tracker and starts a new one.
    this.#running = false;
    this.onIdle();
  }

  /** One interval's work after the listing; returns the longest Retry-After a throttled read asked for. */
  async #apply(listed: readonly RestoreRequestRecord[], interval: number): Promise<number> {
    const byGuid = new Map(listed.map((request) => [request.requestGuid.toLowerCase(), request]));
    const finished: Watcher[] = [];
    const unlisted: Watcher[] = [];
    const changed = new Set<Watcher>();
    for (const [key, watcher] of this.#watchers) {
      const found = byGuid.get(key);
      if (found === undefined) unlisted.push(watcher);
      else if (FINISHED_RESTORE_STATUSES.has(found.status)) finished.push(watcher);
      else if (found.status !== watcher.status) {
        watcher.status = found.status;
        changed.add(watcher);
      }
    }
    const done = new Set(finished);
    const copying = [...this.#watchers.values()]
      .filter((w) => w.status !== null && !WAITING_STATUSES.has(w.status) && !done.has(w))
      .sort((a, b) => Number(changed.has(b)) - Number(changed.has(a)) || a.readAt - b.readAt);
    const reads = [...new Set([...finished, ...unlisted, ...copying])].slice(0, this.options.statisticsPerInterval);
    // Saved side by side, not one after another: the store merges close saves of an operation into one write.
    const saves: Promise<void>[] = [];
    const retryAfterMs = await this.#readAll(reads, interval, saves);
    // Status changes the budget left unread still reach the card, with the last known percentage.
    const read = new Set(reads);
    for (const watcher of changed) if (!read.has(watcher)) saves.push(this.#save(watcher));
    await Promise.all(saves);
    return retryAfterMs;
  }

  async #readAll(reads: readonly Watcher[], interval: number, saves: Promise<void>[]): Promise<number> {
    let next = 0;
    let retryAfterMs = 0;
    const lane = async () => {
      while (next < reads.length) {
        const watcher = reads[next] as Watcher;
        next += 1;
        retryAfterMs = Math.max(retryAfterMs, await this.#read(watcher, interval, saves));
      }
    };
    const lanes = Math.max(1, Math.min(READ_LANES, reads.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    return retryAfterMs;
  }

  async #read(watcher: Watcher, interval: number, saves: Promise<void>[]): Promise<number> {
    if (!this.#watchers.has(watcher.request.requestGuid.toLowerCase())) return 0;
    let stats: RestoreRequestStatistics;
    try {
      stats = await this.exchange.getRestoreRequestStatistics(watcher.request.requestGuid);
    } catch (error) {
      watcher.failedReads += 1;
      if (isTransient(error) && watcher.failedReads < MAX_FAILED_READS_IN_A_ROW) return error.retryAfterMs ?? 0;
      watcher.settle({ error });
      return 0;
    }
    watcher.failedReads = 0;
    watcher.readAt = interval;
    const outcome = finalOutcome(watcher.request, stats);
    if (outcome) {
      watcher.settle({ outcome });
      return 0;
    }
    watcher.status = stats.status;
    watcher.percentComplete = stats.percentComplete;
    saves.push(this.#save(watcher));
    return 0;
  }

  /** The row's checkpoint follows the request, so the progress card (and a restart) sees where it stands. */
  async #save(watcher: Watcher): Promise<void> {
    const { status, percentComplete } = watcher;
    const key = `${status}/${percentComplete}`;
    if (status === null || key === watcher.saved) return;
    watcher.saved = key;
    try {
      await watcher.context.saveCheckpoint({ step: 'tracking', status, percentComplete });
    } catch (error) {
      watcher.settle({ error });
    }
  }
}

function isTransient(error: unknown): error is TenantError {
  return error instanceof TenantError && error.errorClass === 'transient';
}
