/**
 * The check of one file. A turn must be answered within 15 s ("each user query should receive an initial
 * response within 15 seconds": Learn "Implement asynchronous and proactive messaging in custom engine agents",
 * https://learn.microsoft.com/microsoft-365-copilot/extensibility/custom-engine-agent-asynchronous-flow) and a
 * 5,000-row pre-flight takes longer, so the turn is answered at once with "Checking N rows…" and the download,
 * format check and tenant pre-flight run after it. That one card shows rows checked as a long check goes on and
 * is then replaced by the summary or one sentence (updateActivity: Learn "Update and delete messages sent from
 * your bot", https://learn.microsoft.com/microsoftteams/platform/bots/how-to/update-and-delete-bot-messages).
 */
import {
  renderChooseTypeCard,
  renderValidatingCard,
  renderValidationSummaryCard,
  toValidationSummaryView,
} from '../../cards/index.ts';
import { writeValidationReport } from '../../operations/csv/index.ts';
import { createJobRecord, prepareJob, type PrepareProgress } from '../../operations/jobs/index.ts';
import type { BulkOperationType } from '../../operations/model.ts';
import { TenantError } from '../../operations/tenant-ports.ts';
import { LOOKUP_CHUNK_ROWS } from '../../operations/preflight/index.ts';
import type { StoredReference } from '../../operations/conversation-store.ts';
import type { BotServices, IncomingFile } from '../bot-deps.ts';
import { CheckStoppedError } from '../jobs/file-checks.ts';
import {
  summariseTypeChoice,
  summariseValidating,
  summariseValidation,
  summariseValidationFailure,
} from '../message-summaries.ts';
import { createCoalescingUpdater } from '../progress/index.ts';
import { BotUserError, cardMessage, describeFailure, type SummarisedMessage } from '../reply.ts';
import type { Turn } from '../turn.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type ValidateFileServices = Pick<
  BotServices,
  | 'audit'
  | 'operations'
  | 'background'
  | 'clock'
  | 'conversations'
  | 'fileChecks'
  | 'jobs'
  | 'log'
  | 'newId'
  | 'pendingUploads'
  | 'proactive'
  | 'settings'
  | 'signLink'
  | 'tenant'
  | 'throttle'
  | 'vault'
>;

/** A file to check: bytes at hand (pasted text, a sample, a wizard's row) or a download still to do. */
export interface FileToCheck {
  fileName: string;
  type: BulkOperationType | null;
  /** Data rows, when the bytes are at hand; null before a download. */
  rowCount: number | null;
  /** The bytes, or the one sentence saying why there are none (a refused download); stops when `signal` aborts. */
  load(signal: AbortSignal): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }>;
}

export function fileAtHand(file: IncomingFile): FileToCheck {
  const rowCount = Math.max(0, new TextDecoder().decode(file.bytes).trim().split(/\r?\n/).length - 1);
  return { fileName: file.fileName, type: file.type, rowCount, load: async () => ({ ok: true, bytes: file.bytes }) };
}

/** Where the check's card goes: the turn's own context, or (after the turn) the stored conversation. */
interface CardChannel {
  send(activity: SummarisedMessage): Promise<string | undefined>;
  update(activityId: string, activity: SummarisedMessage): Promise<void>;
}

/**
 * Answers now and checks after the reply. In a message turn the "Checking…" card is the turn's reply; after a
 * card click (answered with the clicked card) it is sent into the conversation first thing after the reply.
 * `knownJobId`: the id an untyped upload already has (its `job.created` is in the trail).
 */
export async function checkAfterReply(
  bot: ValidateFileServices,
  turn: Turn,
  file: FileToCheck,
  knownJobId?: string,
): Promise<void> {
  const jobId = knownJobId ?? bot.newId();
  const requester = { actor: turn.actor, conversation: turn.conversation };
  const reference = await bot.conversations.getReference(turn.conversation.id);
  if (reference === undefined) {
    // A turn without a usable conversation reference cannot be written to later: the check runs within it.
    const inTurn: CardChannel = {
      send: async (activity) => (await turn.context.sendActivity(activity))?.id,
      update: async (id, activity) => void (await turn.context.updateActivity({ ...activity, id })),
    };
    return runCheck(bot, requester, file, jobId, inTurn, undefined, bot.fileChecks.begin(jobId));
  }
  const later = proactiveChannel(bot, reference);
  const replied =
    turn.context.activity.type === 'message'
      ? { activityId: (await turn.context.sendActivity(checkingMessage(file)))?.id }
      : undefined;
  // Registered before the turn ends, so that a Submit forged for this job meanwhile is refused as "still checking".
  const signal = bot.fileChecks.begin(jobId);
  bot.background.track(runCheck(bot, requester, file, jobId, later, replied, signal));
}

function proactiveChannel(bot: Pick<BotServices, 'proactive'>, reference: StoredReference): CardChannel {
  return {
    send: (activity) => bot.proactive.send(reference, activity),
    update: (activityId, activity) => bot.proactive.update(reference, activityId, activity),
  };
}

/** Never rejects: whatever happens ends on the check's card (a delivery failure is logged). */
async function runCheck(
  bot: ValidateFileServices,
  requester: Pick<Turn, 'actor' | 'conversation'>,
  file: FileToCheck,
  jobId: string,
  channel: CardChannel,
  /** The "Checking…" card the turn answered with (its id, when the channel gave one); undefined: none sent yet. */
  replied: { activityId: string | undefined } | undefined,
  /** From `bot.fileChecks.begin(jobId)`: the check is registered until it ends here. */
  signal: AbortSignal,
): Promise<void> {
  let cardId = replied?.activityId;
  const card = createCoalescingUpdater<SummarisedMessage>({
    throttle: bot.throttle,
    conversationId: requester.conversation.id,
    onGiveUp: (event) => bot.log(`check of job ${jobId}: a card update was given up (${event.reason})`),
    send: async (message) => {
      if (cardId === undefined) cardId = await channel.send(message);
      else {
        // `summary` only on an update: the Agents Playground does not update a message in place that carries `text`.
        const { text: _text, ...update } = message;
        await channel.update(cardId, update as SummarisedMessage);
      }
    },
  });
  let final: SummarisedMessage;
  try {
    if (replied === undefined) cardId = await channel.send(checkingMessage(file));
    const loaded = await file.load(signal);
    if (!loaded.ok) throw new BotUserError('UPLOAD_REFUSED', loaded.message);
    const incoming: IncomingFile = { fileName: file.fileName, bytes: loaded.bytes, type: file.type };
    final = await validateFile(bot, requester, incoming, jobId, {
      signal,
      onProgress: (progress) => {
        // One chunk of rows is checked in a few seconds: only a longer file's card shows the rows checked.
        if (progress.rowsTotal <= LOOKUP_CHUNK_ROWS || progress.rowsChecked >= progress.rowsTotal) return;
        card.push(checkingMessage({ ...file, rowCount: progress.rowsTotal }, progress));
      },
    });
  } catch (error) {
    const failure = explainCheckFailure(signal.aborted ? signal.reason : error, file.fileName);
    final = cardMessage(describeFailure(failure, bot.log), summariseValidationFailure(file.fileName));
  } finally {
    bot.fileChecks.end(jobId);
  }
  const outcome = await card.finish(final);
  if (outcome.status !== 'delivered') bot.log(`check of job ${jobId}: its card was not updated (${outcome.status})`);
}

/** The expected ways a check fails, each as the one sentence its card ends with (anything else: reply.ts's). */
function explainCheckFailure(error: unknown, fileName: string): unknown {
  if (error instanceof CheckStoppedError) {
    const message = `I was stopped before I finished checking ${fileName}, and kept nothing of it: send the file again.`;
    return new BotUserError('CHECK_STOPPED', message);
  }
  if (error instanceof TenantError) {
    const message = `I could not read the tenant to check ${fileName}, so nothing was kept: send the file again in a few minutes (say "doctor" if it goes on).`;
    return new BotUserError('TENANT_UNREADABLE', message);
  }
  return error;
}

/**
 * `summary` without `text`: Teams splits a message with both text and a card in two and then returns no message
 * id (Learn "Messages in bot conversations", note under "Send a message"), and this card must be updated.
 */
function checkingMessage(
  file: Pick<FileToCheck, 'fileName' | 'rowCount'>,
  progress?: PrepareProgress,
): SummarisedMessage {
  const view = {
    fileName: file.fileName,
    rowCount: file.rowCount,
    tenantCheck: true,
    ...(progress ? { rowsChecked: progress.rowsChecked } : {}),
  };
  const summary =
    file.rowCount === null ? `Checking ${file.fileName}` : summariseValidating(file.fileName, file.rowCount);
  const { text: _text, ...message } = cardMessage(renderValidatingCard(view), summary);
  return message as SummarisedMessage;
}

/** Checks the bytes and stores the job (or the file awaiting its type); resolves with the card that shows it. */
async function validateFile(
  bot: ValidateFileServices,
  requester: Pick<Turn, 'actor' | 'conversation'>,
  file: IncomingFile,
  jobId: string,
  options: { signal: AbortSignal; onProgress: (progress: PrepareProgress) => void },
): Promise<SummarisedMessage> {
  const prepared = await prepareJob(
    { fileName: file.fileName, bytes: file.bytes, ...(file.type ? { type: file.type } : {}) },
    { tenant: bot.tenant, audit: bot.audit, ownOperations: bot.operations },
    {
      jobId,
      actor: requester.actor.id,
      limits: bot.settings.csvLimits,
      ...(bot.settings.preflight ? { preflight: bot.settings.preflight } : {}),
      ...options,
    },
  );
  // An unknown type is what the choice card resolves; any other file-level error is shown as it is.
  const fileLevelError = prepared.issues.some(
    (issue) => issue.severity === 'error' && issue.row === null && issue.code !== 'UNKNOWN_TYPE',
  );
  if (prepared.type === null && !fileLevelError) {
    await bot.pendingUploads.put(jobId, { ...file, requester: requester.actor, conversation: requester.conversation });
    // Untyped, no row became an item, so the parsed rows are the count.
    const card = renderChooseTypeCard({ jobId, fileName: file.fileName, rowCount: prepared.import.rows.length });
    return cardMessage(card, summariseTypeChoice(file.fileName));
  }
  await bot.vault.put(jobId, 'validation-report', writeValidationReport(prepared.import, prepared.issues));
  const reportUrl = bot.signLink(jobId, 'validation-report', `validation-${jobId}.csv`, requester.actor);
  const view = toValidationSummaryView(prepared, reportUrl);
  if (prepared.type !== null) {
    const job = createJobRecord(
      prepared,
      requester.actor,
      requester.conversation,
      bot.clock.now(),
      bot.settings.approvalTtlMs,
    );
    await bot.jobs.put(job);
    // The card carries the job's own hash back: that is what an approval is bound to.
    view.contentHash = job.contentHash;
  }
  return cardMessage(renderValidationSummaryCard(view), summariseValidation(file.fileName, prepared.counts));
}
