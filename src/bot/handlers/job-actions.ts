/** Cancel, retry, results, progress refresh and the type choice: small verbs on one job each. */
import { isDraftId } from '../../operations/draft-store.ts';
import { renderChooseTypeCard, renderProgressCard, toProgressView, type AdaptiveCard } from '../../cards/index.ts';
import { AUDIT_ACTIONS } from '../../operations/audit-actions.ts';
import {
  applyJobEvent,
  checkApprover,
  createJobRecord,
  isSamePerson,
  isFinalJobState,
  receivesResults,
  type JobRecord,
} from '../../operations/jobs/index.ts';
import { createItem, isBulkOperationType } from '../../operations/model.ts';
import type { BotServices } from '../bot-deps.ts';
import { DEFAULT_LINK_TTL_MS } from '../files/index.ts';
import { describeJob, renderJobApprovalCard } from '../job-cards.ts';
import { describeInterruption, type InterruptionServices } from '../job-interruption.ts';
import { renderJobCompletionCard, saveResultsFile } from '../jobs/job-summary.ts';
import { BotUserError, withNotice } from '../reply.ts';
import type { ActionTurn, Turn } from '../turn.ts';
import { tellRequester } from '../jobs/requester-updates.ts';
import { afterSubmit, isInApproverGroup, loadJob, policyOf, rulesOf, type ApprovalServices } from './approval.ts';
import { offerResultsFile, type ResultsFileServices } from './results-file.ts';
import { checkAfterReply, fileAtHand, type ValidateFileServices } from './validate-file.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type JobActionServices = Pick<
  BotServices,
  'clock' | 'jobs' | 'log' | 'newId' | 'operations' | 'pendingUploads' | 'runner' | 'settings' | 'signLink' | 'vault'
> &
  InterruptionServices &
  ApprovalServices &
  ResultsFileServices &
  ValidateFileServices;

export async function mayControl(bot: JobActionServices, job: JobRecord, turn: Turn): Promise<boolean> {
  if (isSamePerson(job.requester, turn.actor)) return true;
  return (await checkApprover(turn.actor, policyOf(bot), isInApproverGroup(bot))).approver;
}

/** Cancel before it runs (the job closes) or while it runs (the engine stops after the rows in flight). */
export async function cancelJob(bot: JobActionServices, turn: Turn, jobId: string): Promise<string> {
  const job = await loadJob(bot, jobId);
  if (!(await mayControl(bot, job, turn))) return 'Only the requester or an approver can cancel this job.';
  if (job.state === 'running') {
    return bot.runner.cancel(job, turn.actor)
      ? `Cancelling job ${jobId}: the rows in flight finish, no new rows start.`
      : `Job ${jobId} is not running in this bot just now.`;
  }
  if (isFinalJobState(job.state)) return `Job ${jobId} is already ${job.state.replaceAll('_', ' ')}.`;
  // Decided inside the job's update: an approval (or a restart) may have started the job since it was read.
  const outcome = await applyJobEvent({ store: bot.jobs, audit: bot.audit }, jobId, {
    kind: 'cancel',
    actor: turn.actor,
    now: bot.clock.now(),
  });
  if (outcome.kind === 'applied') {
    bot.background.track(tellRequester(bot, outcome.job));
    return `Job ${jobId} is cancelled; nothing was changed in the tenant.`;
  }
  if (outcome.job?.state === 'running') return cancelJob(bot, turn, jobId);
  return outcome.code === 'ILLEGAL_TRANSITION'
    ? `Job ${jobId} is already ${(outcome.job?.state ?? 'gone').replaceAll('_', ' ')}.`
    : outcome.message;
}

/**
 * The rows of a finished job that did not complete (failed, or skipped after a cancel or a stop at a failure)
 * become a new job, which must be approved again.
 */
export async function retryJob(bot: JobActionServices, turn: Turn, jobId: string): Promise<JobRecord> {
  const job = await loadJob(bot, jobId);
  if (!(await mayControl(bot, job, turn))) {
    throw new BotUserError('NOT_ALLOWED', 'Only the requester or an approver can retry this job.');
  }
  // A double click or a Teams retry of the invoke must not create a second retry job of the same rows.
  const open = (await bot.jobs.list({ limit: 200 })).find(
    (candidate) => candidate.retryOf === jobId && !isFinalJobState(candidate.state),
  );
  if (open !== undefined) return open;
  const result = await bot.operations.load(jobId);
  const unfinished = result?.items.filter((item) => item.status === 'failed' || item.status === 'skipped') ?? [];
  if (result === undefined || result.state === 'running' || unfinished.length === 0) {
    throw new BotUserError('NOTHING_TO_RETRY', `Job ${jobId} has no failed or skipped rows to retry (yet).`);
  }
  const ready = unfinished.map((item) => createItem(item));
  const retry = createJobRecord(
    {
      jobId: bot.newId(),
      fileName: job.fileName,
      fileSha256: job.fileSha256,
      type: job.type,
      ready,
      counts: { total: ready.length, ready: ready.length, withWarnings: 0, blocked: 0 },
    },
    turn.actor,
    turn.conversation,
    bot.clock.now(),
    bot.settings.approvalTtlMs,
    { retryOf: jobId },
  );
  await bot.jobs.put(retry);
  await bot.audit.append({
    actor: turn.actor.aadObjectId ?? turn.actor.id,
    action: AUDIT_ACTIONS.jobCreated,
    jobId: retry.jobId,
    details: { retryOf: jobId, rowCount: ready.length, type: retry.type, contentHash: retry.contentHash },
  });
  bot.log(`job ${retry.jobId} retries job ${jobId} (content hash ${retry.contentHash})`);
  // Whoever asks for the retry requests it: it is submitted at once and needs its approvals again.
  const submitted = await applyJobEvent({ store: bot.jobs, audit: bot.audit }, retry.jobId, {
    kind: 'submit',
    actor: turn.actor,
    contentHash: retry.contentHash,
    readyOnly: false,
    rules: rulesOf(bot),
    now: bot.clock.now(),
  });
  if (submitted.kind === 'refused') throw new BotUserError(submitted.code, submitted.message);
  return submitted.job;
}

export async function retryAction(bot: JobActionServices, turn: ActionTurn): Promise<AdaptiveCard> {
  const retry = await retryJob(bot, turn, turn.data.jobId ?? '');
  return withNotice(
    await afterSubmit(bot, turn, retry, true),
    `New job ${retry.jobId} retries ${await describeRetriedRows(bot, retry)}; it needs approval again.`,
    'good',
  );
}

/** "the failed row", "the 3 failed and 5 skipped rows": what the earlier job left undone. */
async function describeRetriedRows(bot: JobActionServices, retry: JobRecord): Promise<string> {
  const rows = new Set((retry.items ?? []).map((item) => item.rowNumber));
  const earlier = retry.retryOf === null ? undefined : await bot.operations.load(retry.retryOf);
  const skipped = earlier?.items.filter((item) => item.status === 'skipped' && rows.has(item.rowNumber)).length ?? 0;
  const failed = rows.size - skipped;
  if (rows.size === 1) return `the ${failed === 1 ? 'failed' : 'skipped'} row`;
  const parts = [failed > 0 ? `${failed} failed` : '', skipped > 0 ? `${skipped} skipped` : ''];
  return `the ${parts.filter((part) => part !== '').join(' and ')} rows`;
}

/**
 * The summary with a fresh link, in the answer to the one person who asked (an invoke response is shown to
 * the clicker only); in the requester's 1:1 chat the file itself is offered too (file consent).
 */
export async function resultsCard(bot: JobActionServices, turn: Turn, jobId: string): Promise<AdaptiveCard> {
  const job = await loadJob(bot, jobId);
  if (!(await mayControl(bot, job, turn))) {
    throw new BotUserError('NOT_ALLOWED', 'Only the requester or an approver can get the results of this job.');
  }
  const result = await bot.operations.load(jobId);
  if (result === undefined) throw new BotUserError('NO_RESULTS', `Job ${jobId} has not run, so it has no results.`);
  await saveResultsFile(bot, job, result);
  const resultsUrl = bot.signLink(jobId, 'results', `results-${jobId}.csv`, turn.actor);
  const personal = turn.conversation.kind === 'personal' && receivesResults(job, turn.actor);
  const card = renderJobCompletionCard(job, result, { resultsUrl, offerFile: personal });
  if (!personal || !(await offerResultsFile(bot, turn, jobId))) return card;
  return withNotice(card, 'I sent the results file below: accept it to save it in your OneDrive.', 'good');
}

/** `report <job>`: a new link, for the one person who asked, to the validation report the job was checked with. */
export async function reportLink(bot: JobActionServices, jobId: string, turn: Turn): Promise<string> {
  const report = await bot.vault.get({ jobId, kind: 'validation-report' });
  if (report === null) return `Job ${jobId} has no validation report: it was started from another job or the CLI.`;
  const url = bot.signLink(jobId, 'validation-report', `validation-${jobId}.csv`, turn.actor);
  return `[Download the validation report of job ${jobId} (CSV)](${url}): the link is for you and lasts ${minutesOf(bot.settings.linkTtlMs ?? DEFAULT_LINK_TTL_MS)}.`;
}

function minutesOf(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
}

export async function progressCard(bot: JobActionServices, jobId: string): Promise<AdaptiveCard> {
  const job = await loadJob(bot, jobId);
  const interruption = describeInterruption(bot, job);
  const result = await bot.operations.load(jobId);
  if (result === undefined) {
    const notice = describeJob(job, interruption);
    return withNotice(renderJobApprovalCard(job, bot.settings), notice, interruption === null ? 'default' : 'warning');
  }
  const snapshot = { ...result, throughputPerMinute: 0, etaSeconds: null, lastErrors: [] };
  return renderProgressCard(
    toProgressView(snapshot, {
      fileName: job.fileName,
      updatedAt: bot.clock.now().toISOString(),
      cancelRequested: bot.runner.isCancelling(jobId),
      interruption,
    }),
  );
}

export async function chooseType(bot: JobActionServices, turn: ActionTurn): Promise<AdaptiveCard> {
  const jobId = turn.data.jobId ?? '';
  const pending = isDraftId(jobId) ? await bot.pendingUploads.get(jobId) : undefined;
  const type = turn.data.type ?? turn.data.operationType ?? '';
  if (pending === undefined) throw new BotUserError('UPLOAD_GONE', 'I no longer have that file; send it again.');
  if (!isBulkOperationType(type)) throw new BotUserError('TYPE_MISSING', 'Choose what the file is for first.');
  if (!isSamePerson(pending.requester, turn.actor)) {
    throw new BotUserError('NOT_ALLOWED', 'Only the person who sent the file can choose what it is for.');
  }
  await bot.pendingUploads.delete(jobId);
  // The same job id as the upload's `job.created`: one file, one job.
  await checkAfterReply(bot, turn, fileAtHand({ fileName: pending.fileName, bytes: pending.bytes, type }), jobId);
  const card = renderChooseTypeCard({
    jobId: turn.data.jobId ?? '',
    fileName: pending.fileName,
    rowCount: 0,
    types: [type],
  });
  return withNotice(card, `Checking it as ${type}: the summary follows below.`, 'good');
}
