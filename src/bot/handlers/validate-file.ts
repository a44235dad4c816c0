/** The validation of one file: "validating N rows…" at once, then the summary card in its place. */
import {
  renderChooseTypeCard,
  renderValidatingCard,
  renderValidationSummaryCard,
  toValidationSummaryView,
} from '../../cards/index.ts';
import { writeValidationReport } from '../../operations/csv/index.ts';
import { createJobRecord, prepareJob } from '../../operations/jobs/index.ts';
import type { BotServices, IncomingFile } from '../bot-deps.ts';
import {
  summariseTypeChoice,
  summariseValidating,
  summariseValidation,
  summariseValidationFailure,
} from '../message-summaries.ts';
import { cardMessage, describeFailure, type SummarisedMessage } from '../reply.ts';
import type { Turn } from '../turn.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type ValidateFileServices = Pick<
  BotServices,
  | 'audit'
  | 'operations'
  | 'background'
  | 'clock'
  | 'conversations'
  | 'jobs'
  | 'log'
  | 'newId'
  | 'pendingUploads'
  | 'proactive'
  | 'settings'
  | 'signLink'
  | 'tenant'
  | 'vault'
>;

/** Where the validation's cards go: the turn's own context, or (after the turn) the stored conversation. */
export interface CardChannel {
  send(activity: SummarisedMessage): Promise<string | undefined>;
  update(activityId: string, activity: SummarisedMessage): Promise<void>;
}

export function turnChannel(turn: Turn): CardChannel {
  return {
    send: async (activity) => (await turn.context.sendActivity(activity))?.id,
    update: async (id, activity) => {
      await turn.context.updateActivity({ ...activity, id });
    },
  };
}

export async function validateFile(
  bot: ValidateFileServices,
  turn: Pick<Turn, 'actor' | 'conversation'>,
  file: IncomingFile,
  channel: CardChannel,
  /** The id an untyped upload already has (its `job.created` is in the trail); a new one otherwise. */
  knownJobId?: string,
): Promise<void> {
  const jobId = knownJobId ?? bot.newId();
  const rowCount = Math.max(0, new TextDecoder().decode(file.bytes).trim().split(/\r?\n/).length - 1);
  const validating = cardMessage(
    renderValidatingCard({ fileName: file.fileName, rowCount, tenantCheck: true }),
    summariseValidating(file.fileName, rowCount),
  );
  const sentId = await channel.send(validating);
  const prepared = await prepareJob(
    { fileName: file.fileName, bytes: file.bytes, ...(file.type ? { type: file.type } : {}) },
    { tenant: bot.tenant, audit: bot.audit, ownOperations: bot.operations },
    { jobId: jobId, actor: turn.actor.id, limits: bot.settings.csvLimits, preflight: bot.settings.preflight },
  );
  // An unknown type is what the choice card resolves; any other file-level error is shown as it is.
  const fileLevelError = prepared.issues.some(
    (issue) => issue.severity === 'error' && issue.row === null && issue.code !== 'UNKNOWN_TYPE',
  );
  let card;
  let summary = summariseValidation(file.fileName, prepared.counts);
  if (prepared.type === null && !fileLevelError) {
    summary = summariseTypeChoice(file.fileName);
    await bot.pendingUploads.put(jobId, { ...file, requester: turn.actor, conversation: turn.conversation });
    // Untyped, no row became an item, so the parsed rows are the count.
    card = renderChooseTypeCard({ jobId, fileName: file.fileName, rowCount: prepared.import.rows.length });
  } else {
    await bot.vault.put(jobId, 'validation-report', writeValidationReport(prepared.import, prepared.issues));
    const reportUrl = bot.signLink(jobId, 'validation-report', `validation-${jobId}.csv`, turn.actor);
    const view = toValidationSummaryView(prepared, reportUrl);
    if (prepared.type !== null) {
      const job = createJobRecord(prepared, turn.actor, turn.conversation, bot.clock.now(), bot.settings.approvalTtlMs);
      await bot.jobs.put(job);
      // The card carries the job's own hash back: that is what an approval is bound to.
      view.contentHash = job.contentHash;
    }
    card = renderValidationSummaryCard(view);
  }
  if (sentId !== undefined) await channel.update(sentId, cardMessage(card, summary));
  else await channel.send(cardMessage(card, summary));
}

/**
 * For a card click: Teams gives up on an invoke after ~15 s and sends it again, and checking a long file against
 * the tenant takes longer. So the click is answered at once and the validation cards follow in the conversation.
 */
export async function validateAfterReply(
  bot: ValidateFileServices,
  turn: Turn,
  file: IncomingFile,
  knownJobId?: string,
): Promise<void> {
  const reference = await bot.conversations.getReference(turn.conversation.id);
  if (reference === undefined) return validateFile(bot, turn, file, turnChannel(turn), knownJobId);
  const channel: CardChannel = {
    send: (activity) => bot.proactive.send(reference, activity),
    update: (activityId, activity) => bot.proactive.update(reference, activityId, activity),
  };
  const requester = { actor: turn.actor, conversation: turn.conversation };
  bot.background.track(
    validateFile(bot, requester, file, channel, knownJobId).catch(async (error: unknown) => {
      await channel.send(cardMessage(describeFailure(error, bot.log), summariseValidationFailure(file.fileName)));
    }),
  );
}
