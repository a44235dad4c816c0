/**
 * Temporary Access Passes go to the requester's 1:1 chat only, at once (they expire), and are never stored. The
 * recovery executor is built with this delivery, so the composition root makes it before the engine.
 */
import { renderAccessPassCards } from '../../cards/index.ts';
import type { TemporaryAccessPassDelivery } from '../../operations/executors/index.ts';
import type { BotDeps } from '../bot-deps.ts';
import { summariseAccessPass } from '../message-summaries.ts';
import { cardMessage } from '../reply.ts';

export type AccessPassDeliveryDeps = Pick<BotDeps, 'jobs' | 'conversations' | 'proactive' | 'background' | 'log'>;

export function createAccessPassDelivery(deps: AccessPassDeliveryDeps): TemporaryAccessPassDelivery {
  return {
    deliver(jobId, _rowNumber, upn, pass, notes) {
      deps.background.track(deliverPass(deps, jobId, upn, pass, notes.replacesLostPass));
    },
  };
}

async function deliverPass(
  deps: AccessPassDeliveryDeps,
  jobId: string,
  upn: string,
  pass: { temporaryAccessPass: string; startDateTime: string; lifetimeInMinutes: number },
  replacesLostPass: boolean,
): Promise<void> {
  const job = await deps.jobs.get(jobId);
  const reference =
    job === undefined
      ? undefined
      : ((await deps.conversations.getPersonalReference(job.requester.id)) ??
        (job.requester.aadObjectId
          ? await deps.conversations.getPersonalReference(job.requester.aadObjectId)
          : undefined));
  if (reference === undefined) {
    // Never to a channel: without the requester's 1:1 chat the pass is not shown (it can be issued again).
    deps.log(`job ${jobId}: no 1:1 chat with the requester, a Temporary Access Pass was not delivered`);
    return;
  }
  const cards = renderAccessPassCards({
    jobId,
    passes: [
      {
        displayName: upn,
        userPrincipalName: upn,
        temporaryAccessPass: pass.temporaryAccessPass,
        startsAt: pass.startDateTime,
        lifetimeInMinutes: pass.lifetimeInMinutes,
        usableOnce: true,
        replacesLostPass,
      },
    ],
  });
  for (const card of cards) await deps.proactive.send(reference, cardMessage(card, summariseAccessPass(upn)));
}
