/**
 * The approval deadline is the lifecycle's, not the next click's: every minute (and at start-up) each job still
 * undecided past `expiresAt` expires — stored, audited — and its cards and requester are told.
 */
import { expireDueJobs } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { describeError } from './background-work.ts';
import { tellRequester, type RequesterUpdateServices } from './requester-updates.ts';

export const EXPIRY_SWEEP_INTERVAL_MS = 60_000;

export type ExpirySweepServices = Pick<BotServices, 'jobs' | 'audit' | 'clock' | 'background'> &
  RequesterUpdateServices;

/** Expires what is due now; resolves with how many jobs expired. */
export async function sweepExpiredJobs(bot: ExpirySweepServices): Promise<number> {
  const expired = await expireDueJobs({ store: bot.jobs, audit: bot.audit }, bot.clock.now());
  for (const job of expired) await tellRequester(bot, job);
  return expired.length;
}

/** Sweeps on a timer that never keeps the process alive; the returned function stops it. */
export function startExpirySweep(bot: ExpirySweepServices, intervalMs = EXPIRY_SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    bot.background.track(
      sweepExpiredJobs(bot)
        .catch((error: unknown) => bot.log(`expiring overdue jobs failed (${describeError(error)})`))
        .finally(() => {
          running = false;
        }),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
