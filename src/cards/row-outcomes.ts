/**
 * How far a job got, in the words the progress and the completion cards share. A skipped row never started (the
 * job was cancelled, or stopped at a failure, first), so it is not "done": only completed and failed rows ended.
 */
import type { OperationState, OperationTotals } from '../operations/model.ts';
import { countNoun, formatCount } from './format.ts';

/** Rows the executor finished with, either way. */
export function endedRows(totals: OperationTotals): number {
  return totals.completed + totals.failed;
}

/** "Cancelled after 3 of 8 rows; 5 rows were not started." for a job that ended early; null otherwise. */
export function describeEarlyStop(state: OperationState, totals: OperationTotals): string | null {
  if (state === 'running' || (state !== 'cancelled' && totals.skipped === 0)) return null;
  const verb = state === 'cancelled' ? 'Cancelled' : 'Stopped';
  const notStarted = `${countNoun(totals.skipped, 'row')} ${totals.skipped === 1 ? 'was' : 'were'} not started`;
  return `${verb} after ${formatCount(endedRows(totals))} of ${countNoun(totals.total, 'row')}; ${notStarted}.`;
}
