import type { Clock } from '../ports.ts';
import type { DirectoryUser, GraphGateway } from '../tenant-ports.ts';

export interface UserWaitTiming {
  /** Give up after this long. */
  timeoutMs: number;
  /** First pause between look-ups; doubles each time. */
  baseDelayMs: number;
  /** Cap on one pause. */
  maxDelayMs: number;
}

/**
 * A recovered user reaches Microsoft Graph some time after New-Mailbox returns: poll with a doubling pause,
 * bounded in total. `null` when it never appeared in time.
 */
export async function waitForUser(
  graph: Pick<GraphGateway, 'getUser'>,
  clock: Clock,
  upn: string,
  timing: UserWaitTiming,
  signal: AbortSignal,
): Promise<DirectoryUser | null> {
  const deadline = clock.now().getTime() + timing.timeoutMs;
  let delay = timing.baseDelayMs;
  for (;;) {
    const user = await graph.getUser(upn);
    if (user) return user;
    const remaining = deadline - clock.now().getTime();
    if (remaining <= 0) return null;
    await clock.sleep(Math.min(delay, remaining), signal);
    delay = Math.min(delay * 2, timing.maxDelayMs);
  }
}
