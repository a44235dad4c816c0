/**
 * The file checks running after their reply (validate-file.ts), by job id: a Submit for a job still being
 * checked is refused in a sentence, and shutdown stops every check between two chunks of rows instead of
 * waiting minutes for a long file against a slow tenant.
 */
export interface FileChecks {
  /** Registers a check; its signal aborts on `stopAll`. */
  begin(jobId: string): AbortSignal;
  end(jobId: string): void;
  isChecking(jobId: string): boolean;
  /** Aborts every running check (shutdown); checks begun afterwards start aborted. */
  stopAll(): void;
}

/** The reason a check stopped by shutdown rejects with: its card says so (validate-file.ts). */
export class CheckStoppedError extends Error {
  readonly code = 'CHECK_STOPPED';
  constructor() {
    super('The bot is shutting down');
    this.name = 'CheckStoppedError';
  }
}

export function createFileChecks(): FileChecks {
  const running = new Map<string, AbortController>();
  let stopped = false;
  return {
    begin(jobId) {
      const controller = new AbortController();
      if (stopped) controller.abort(new CheckStoppedError());
      running.set(jobId, controller);
      return controller.signal;
    },
    end(jobId) {
      running.delete(jobId);
    },
    isChecking: (jobId) => running.has(jobId),
    stopAll() {
      stopped = true;
      for (const controller of running.values()) controller.abort(new CheckStoppedError());
    },
  };
}
