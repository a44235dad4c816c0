/**
 * Whether a running operation may still schedule work, and the two signals that tell the work to stop:
 * sleeps (batch pauses, backoffs) end on any stop; executors hear only a cancel or a shutdown, because after a
 * fatal error or stopOnError the items already running are let finish.
 */
import type { StopRequest } from './stored-operation.ts';

export class RunControl {
  readonly #executors = new AbortController();
  readonly #sleeps = new AbortController();
  #stop: StopRequest | null = null;

  /** Passed to `execute` and `reconcile`. */
  get executorSignal(): AbortSignal {
    return this.#executors.signal;
  }

  /** Passed to `clock.sleep`. */
  get sleepSignal(): AbortSignal {
    return this.#sleeps.signal;
  }

  get stop(): StopRequest | null {
    return this.#stop;
  }

  get stopped(): boolean {
    return this.#stop !== null;
  }

  /**
   * The first stop wins (it decides the final state and the skip reason), except that a cancel overrides a
   * shutdown: the admin's decision outlives the process. Returns whether this request took effect.
   */
  requestStop(request: StopRequest): boolean {
    const current = this.#stop;
    if (current !== null && !(current.kind === 'shutdown' && request.kind === 'cancelled')) return false;
    this.#stop = request;
    this.#sleeps.abort(new Error(`stopped: ${request.kind}`));
    if (request.kind === 'cancelled' || request.kind === 'shutdown') {
      this.#executors.abort(new Error(`stopped: ${request.kind}`));
    }
    return true;
  }

  /** A stop saved before a restart: finish it, but let `reconcile` still talk to the tenant. */
  restore(request: StopRequest): void {
    this.#stop ??= request;
    this.#sleeps.abort(new Error(`stopped: ${request.kind}`));
  }
}
