/** The validation of one file: "validating N rows…" at once, then the summary card in its place. */
import {
  renderChooseTypeCard,
  renderValidatingCard,
  renderValidationSummaryCard,
  toValidationSummaryView,
} from '../../cards/index.ts';
import { writeValidationReport } from '../../operations/csv/index.ts';
import { createJobRecord } from '../../operations/jobs/job-lifecycle.ts';
import { prepareJob } from '../../operations/jobs/prepare-job.ts';
import type { BotContext } from '../bot-context.ts';
import { cardMessage } from '../reply.ts';
import type { Turn } from '../turn.ts';
import type { IncomingFile } from './upload.ts';

export async function validateFile(bot: BotContext, turn: Turn, file: IncomingFile): Promise<void> {
  const jobId = bot.newId();
  const rowCount = Math.max(0, new TextDecoder().decode(file.bytes).trim().split(/\r?\n/).length - 1);
  const validating = cardMessage(renderValidatingCard({ fileName: file.fileName, rowCount, tenantCheck: true }));
  const sent = await turn.context.sendActivity(validating);
  const prepared = await prepareJob(
    { fileName: file.fileName, bytes: file.bytes, ...(file.type ? { type: file.type } : {}) },
    { tenant: bot.deps.tenant, audit: bot.deps.audit },
    { operationId: jobId, actor: turn.actor.id, limits: bot.settings.csvLimits, preflight: bot.settings.preflight },
  );
  // An unknown type is what the choice card resolves; any other file-level error is shown as it is.
  const fileLevelError = prepared.issues.some(
    (issue) => issue.severity === 'error' && issue.row === null && issue.code !== 'UNKNOWN_TYPE',
  );
  let card;
  if (prepared.type === null && !fileLevelError) {
    bot.pendingUploads.set(jobId, { ...file, requester: turn.actor, conversation: turn.conversation });
    // Untyped, no row became an item, so the parsed rows are the count.
    card = renderChooseTypeCard({ jobId, fileName: file.fileName, rowCount: prepared.import.rows.length });
  } else {
    await bot.deps.vault.put(jobId, 'validation-report', writeValidationReport(prepared.import, prepared.issues));
    const reportUrl = bot.signLink(jobId, 'validation-report', `validation-${jobId}.csv`);
    const view = toValidationSummaryView(prepared, reportUrl);
    if (prepared.type !== null) {
      const job = createJobRecord(prepared, turn.actor, turn.conversation, bot.clock.now(), bot.settings.approvalTtlMs);
      await bot.deps.jobs.put(job);
      // The card carries the job's own hash back: that is what an approval is bound to.
      view.contentHash = job.contentHash;
    }
    card = renderValidationSummaryCard(view);
  }
  if (sent?.id) await turn.context.updateActivity({ ...cardMessage(card), id: sent.id });
  else await turn.context.sendActivity(cardMessage(card));
}
