/** One handler per card verb: the Record type makes a missing verb a compile error, and a test checks it too. */
import type { AdaptiveCard, CardVerb } from '../cards/index.ts';
import type { BotServices } from './bot-deps.ts';
import { decideJob, refreshApproval, submitJob } from './handlers/approval.ts';
import { cancelJob, chooseType, progressCard, resultsCard, retryAction } from './handlers/job-actions.ts';
import { templateCard } from './handlers/commands.ts';
import { cancelWizard, moveWizard, startWizard, submitWizard } from './handlers/wizard.ts';
import { withNotice } from './reply.ts';
import type { ActionTurn } from './turn.ts';

/** Resolves with the card that replaces the clicked one. */
export type VerbHandler = (bot: BotServices, turn: ActionTurn) => Promise<AdaptiveCard>;

export const VERB_HANDLERS: Readonly<Record<CardVerb, VerbHandler>> = {
  'help.template': (bot, turn) => templateCard(bot, turn.data.type ?? ''),
  'job.chooseType': chooseType,
  'job.submit': (bot, turn) => submitJob(bot, turn),
  'job.submitReady': (bot, turn) => submitJob(bot, turn, true),
  'job.approve': (bot, turn) => decideJob(bot, turn, 'approve'),
  'job.reject': (bot, turn) => decideJob(bot, turn, 'reject'),
  'job.approval.refresh': refreshApproval,
  'job.progress.refresh': (bot, turn) => progressCard(bot, turn.data.jobId ?? ''),
  'job.cancel': async (bot, turn) => {
    const message = await cancelJob(bot, turn, turn.data.jobId ?? '');
    return withNotice(await progressCard(bot, turn.data.jobId ?? ''), message, 'default');
  },
  'job.retry': retryAction,
  'job.results': (bot, turn) => resultsCard(bot, turn, turn.data.jobId ?? ''),
  'wizard.start': (bot, turn) =>
    startWizard(bot, turn, turn.data.operation === 'restore' ? 'restore' : 'recovery', turn.data.mailbox ?? ''),
  'wizard.next': (bot, turn) => moveWizard(bot, turn, 1),
  'wizard.back': (bot, turn) => moveWizard(bot, turn, -1),
  'wizard.cancel': cancelWizard,
  'wizard.submit': submitWizard,
};
