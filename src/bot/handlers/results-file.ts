/**
 * Results in the 1:1 chat as a real file: the file consent card asks the user to let the bot save the CSV in
 * their OneDrive; on accept the bot uploads it and posts the file card, so Microsoft 365's permissions apply to
 * it from then on. The consent's context comes back from the client, so it is only a hint: the job must exist
 * and the clicker must be its requester or one of the people who approved it.
 */
import type { Attachment, FileConsentCardResponse, TurnContext } from 'botbuilder';
import { receivesResults, type JobRecord } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { isSafeJobId } from '../files/file-kinds.ts';
import { readTurn, type Turn } from '../turn.ts';
import { checkUploadUrl, putFileBytes } from './results-upload.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type ResultsFileServices = Pick<BotServices, 'jobs' | 'log' | 'settings' | 'signLink' | 'vault'>;

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';

const resultsFileName = (jobId: string): string => `results-${jobId}.csv`;

/** Sends the consent card for a job's results (already in the vault); false when there is nothing to send. */
export async function offerResultsFile(bot: ResultsFileServices, turn: Turn, jobId: string): Promise<boolean> {
  const bytes = await bot.vault.get({ jobId, kind: 'results' });
  if (bytes === null) return false;
  const attachment: Attachment = {
    contentType: FILE_CONSENT_CONTENT_TYPE,
    name: resultsFileName(jobId),
    content: {
      description: `Results of job ${jobId}, one row per mailbox`,
      sizeInBytes: bytes.byteLength,
      acceptContext: { jobId, kind: 'results' },
      declineContext: { jobId, kind: 'results' },
    },
  };
  await turn.context.sendActivity({ type: 'message', attachments: [attachment] });
  return true;
}

/** The job named by the consent context, if the clicker requested or approved it; else a sentence saying why not. */
async function ownJob(
  bot: ResultsFileServices,
  turn: Turn,
  response: FileConsentCardResponse,
): Promise<JobRecord | string> {
  const claimed = (response.context ?? {}) as { jobId?: unknown; kind?: unknown };
  const refused = 'I cannot send that file: it is not the results of a job you started or approved.';
  if (!isSafeJobId(claimed.jobId) || claimed.kind !== 'results') return refused;
  const job = await bot.jobs.get(claimed.jobId);
  if (job === undefined || !receivesResults(job, turn.actor)) {
    bot.log(`file consent for job ${String(claimed.jobId)} refused: not its requester or approver`);
    return refused;
  }
  return job;
}

/** Both consent answers start here: the requester's job and a fresh link to it, or the refusal already said. */
async function consentedJob(
  bot: ResultsFileServices,
  context: TurnContext,
  response: FileConsentCardResponse,
): Promise<{ job: JobRecord; link: string } | undefined> {
  const turn = readTurn(context);
  const job = await ownJob(bot, turn, response);
  if (typeof job === 'string') {
    await context.sendActivity(job);
    return undefined;
  }
  return { job, link: bot.signLink(job.jobId, 'results', resultsFileName(job.jobId), turn.actor) };
}

export async function acceptResultsFile(
  bot: ResultsFileServices,
  context: TurnContext,
  response: FileConsentCardResponse,
): Promise<void> {
  const consented = await consentedJob(bot, context, response);
  if (consented === undefined) return;
  const { job, link } = consented;
  const notSaved = `I could not save the file to your OneDrive; download it here: ${link}`;
  const upload = response.uploadInfo;
  const target = checkUploadUrl(upload?.uploadUrl, bot.settings.sandbox);
  const bytes = await bot.vault.get({ jobId: job.jobId, kind: 'results' });
  if (!target.ok || bytes === null || upload === undefined) {
    bot.log(`results file of job ${job.jobId} not uploaded: ${target.ok ? 'no results stored' : target.reason}`);
    return void (await context.sendActivity(notSaved));
  }
  const status = await putFileBytes(target.url, bytes, bot.settings.upload.timeoutMs).catch((error: unknown) => {
    bot.log(`results file of job ${job.jobId}: upload failed (${error instanceof Error ? error.name : 'error'})`);
    return 0;
  });
  if (status < 200 || status >= 300) return void (await context.sendActivity(notSaved));
  const info: Attachment = {
    contentType: FILE_INFO_CONTENT_TYPE,
    name: upload.name ?? resultsFileName(job.jobId),
    contentUrl: upload.contentUrl ?? '',
    content: { uniqueId: upload.uniqueId, fileType: 'csv' },
  };
  await context.sendActivity({ type: 'message', text: 'Here are the results:', attachments: [info] });
}

export async function declineResultsFile(
  bot: ResultsFileServices,
  context: TurnContext,
  response: FileConsentCardResponse,
): Promise<void> {
  const consented = await consentedJob(bot, context, response);
  if (consented === undefined) return;
  await context.sendActivity(
    `No problem, I did not save it to your OneDrive. The results stay available through the link on the summary card, or here: ${consented.link}`,
  );
}
