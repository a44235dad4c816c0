/**
 * Adaptive Cards has no progress element: the bar is a ColumnSet of empty, coloured columns whose weights are
 * the share of each status, so it fills whatever width the client gives the card.
 */
import type { OperationTotals } from '../operations/model.ts';
import { endedRows } from './row-outcomes.ts';

export type BarStyle = 'good' | 'attention' | 'warning' | 'accent' | 'emphasis';

export interface BarSegment {
  /** A column weight (thousandths of the whole). */
  weight: number;
  style: BarStyle;
}

const SCALE = 1000;
/** One failure in 5,000 rows still shows as a sliver rather than vanishing. */
const MIN_WEIGHT = 10;

/** Segments in reading order: completed, failed, skipped, running, waiting; empty ones left out. */
export function buildProgressBar(totals: OperationTotals): BarSegment[] {
  const parts: [number, BarStyle][] = [
    [totals.completed, 'good'],
    [totals.failed, 'attention'],
    [totals.skipped, 'warning'],
    [totals.inProgress, 'accent'],
    [totals.pending, 'emphasis'],
  ];
  const total = parts.reduce((sum, [count]) => sum + count, 0);
  if (total === 0) return [{ weight: SCALE, style: 'emphasis' }];
  return parts
    .filter(([count]) => count > 0)
    .map(([count, style]) => ({ weight: Math.max(MIN_WEIGHT, Math.round((count / total) * SCALE)), style }));
}

/** Share of the job's rows that ended (completed or failed), 0..1: a cancelled job is not "100% done". */
export function finishedRatio(totals: OperationTotals): number {
  if (totals.total === 0) return 1;
  return endedRows(totals) / totals.total;
}
