/** Work that outlives its turn (a job's rows, a validation after the click was answered, proactive messages). */
import type { BackgroundWork } from '../bot-deps.ts';

export function createBackgroundWork(log: (line: string) => void): BackgroundWork {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.catch((error: unknown) => log(`background work failed: ${describeError(error)}`));
      running.add(settled);
      void settled.finally(() => running.delete(settled));
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** The error's name and code, never its message: a message may carry an address or a token. */
export function describeError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return `${error instanceof Error ? error.name : typeof error} ${code}`.trim();
}
