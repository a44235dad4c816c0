import type { ProgressSnapshot } from '../operations/bulk/progress-tracker.ts';

/**
 * One progress line at most every `intervalMs` (a 5,000-row job must not print 10,000 lines), and always the
 * final one.
 */
export function createProgressPrinter(write: (text: string) => void, intervalMs = 1000, now = () => Date.now()) {
  let last = 0;
  return (progress: ProgressSnapshot): void => {
    const finished = progress.state !== 'running';
    if (!finished && now() - last < intervalMs) return;
    last = now();
    const { total, completed, failed, skipped } = progress.totals;
    const done = completed + failed + skipped;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const eta =
      progress.etaSeconds === null || finished || done === total
        ? ''
        : `, about ${formatDuration(progress.etaSeconds)} left`;
    write(
      `  ${percent}% — ${completed} completed, ${failed} failed, ${skipped} skipped of ${total}` +
        ` (${progress.throughputPerMinute.toFixed(1)}/min${eta})\n`,
    );
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
