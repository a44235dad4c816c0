/** Everything one running operation shares between its passes, items and reports. */
import type { ItemExecutor, Clock } from '../ports.ts';
import type { OperationRecorder } from './operation-recorder.ts';
import type { RunControl } from './run-control.ts';
import type { StopRequest, StoredOperation } from './stored-operation.ts';

export interface RunContext {
  /** The live operation: only the engine mutates it. */
  readonly op: StoredOperation;
  readonly executor: ItemExecutor;
  readonly clock: Clock;
  readonly random: () => number;
  readonly control: RunControl;
  readonly recorder: OperationRecorder;
}

export function nowIso(ctx: RunContext): string {
  return ctx.clock.now().toISOString();
}

/**
 * Stops scheduling. A stop that ends the job is also written into the operation (saved with the next change)
 * so that a restart finishes the stop rather than running the rest; a shutdown is not, so a restart resumes.
 */
export function stopJob(ctx: Pick<RunContext, 'op' | 'control'>, request: StopRequest): boolean {
  const accepted = ctx.control.requestStop(request);
  if (accepted && request.kind !== 'shutdown' && request.kind !== 'store_failed') ctx.op.engine.stop = request;
  return accepted;
}
