/** The typed commands. Unknown text gets the help card: never silence. */
import { readFile } from 'node:fs/promises';
import { TurnContext } from 'botbuilder';
import { renderFindResultsCard, renderWelcomeCard, toMailboxSummary, type AdaptiveCard } from '../../cards/index.ts';
import { generateTemplate } from '../../operations/csv/index.ts';
import { type BulkOperationType, isBulkOperationType } from '../../operations/model.ts';
import type { BotServices } from '../bot-deps.ts';
import { toStoredReference } from '../proactive.ts';
import { describeJob, renderJobApprovalCard } from '../job-cards.ts';
import { describeInterruption } from '../job-interruption.ts';
import { BotUserError } from '../reply.ts';
import type { Turn } from '../turn.ts';
import { auditReply, type AuditServices } from './audit.ts';
import {
  cancelJob,
  mayControl,
  progressCard,
  reportLink,
  resultsCard,
  retryJob,
  type JobActionServices,
} from './job-actions.ts';
import { isInApproverGroup, loadJob, policyOf, type ApprovalServices } from './approval.ts';
import { checkApprover } from '../../operations/jobs/index.ts';
import { startWizard, type WizardServices } from './wizard.ts';
import { checkAfterReply, fileAtHand, type ValidateFileServices } from './validate-file.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type CommandServices = Pick<BotServices, 'conversations' | 'jobs' | 'settings' | 'tenant'> &
  AuditServices &
  JobActionServices &
  ApprovalServices &
  WizardServices &
  ValidateFileServices;

type Reply = string | AdaptiveCard;

function typeArg(bot: CommandServices, word: string | undefined): BulkOperationType {
  if (word !== undefined && isBulkOperationType(word)) return word;
  throw new BotUserError('TYPE_MISSING', 'Name the type: recovery, restore, validate or export.');
}

export async function templateCard(bot: CommandServices, type: string): Promise<AdaptiveCard> {
  const csv = generateTemplate(typeArg(bot, type));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: `The ${type} template: copy it into a .csv file, fill it in, send it back.`,
        wrap: true,
      },
      { type: 'TextBlock', text: csv, wrap: true, fontType: 'Monospace' },
    ],
  } as AdaptiveCard;
}

/**
 * A download link works for whoever holds it (it is signed for one person so that its use is audited in their
 * name), and a reply in a channel or group chat is read by everyone there: links go to the 1:1 chat only.
 */
function linksOnlyInOurChat(what: string): string {
  return `Ask me in our 1:1 chat: the ${what} link I send is for you alone, and everyone here would see it.`;
}

/** Reads `text` as a command and answers it; sample uploads run the validation themselves. */
export async function runCommand(bot: CommandServices, turn: Turn, text: string): Promise<Reply | undefined> {
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const arg = rest.join(' ');
  const jobArg = async () =>
    arg !== '' ? arg : (await bot.jobs.list({ requesterId: turn.actor.id, limit: 1 }))[0]?.jobId;
  switch (word.toLowerCase()) {
    case 'template':
      return `The ${arg} template, as CSV:\n\n\`\`\`\n${generateTemplate(typeArg(bot, rest[0]))}\`\`\``;
    case 'sample': {
      const type = typeArg(bot, rest[0]);
      const bytes = await readFile(new URL(`../samples/${type}.csv`, import.meta.url));
      const file = { fileName: `sample-${type}.csv`, bytes: new Uint8Array(bytes), type };
      await checkAfterReply(bot, turn, fileAtHand(file));
      return undefined;
    }
    case 'status': {
      const jobId = await jobArg();
      if (jobId === undefined) return 'You have no jobs yet: send a CSV file to start one.';
      return (await mayControl(bot, await loadJob(bot, jobId), turn))
        ? progressCard(bot, jobId)
        : 'Only the requester or an approver can see this job.';
    }
    case 'jobs': {
      // Approvers see every job; anyone else only their own.
      const approver = (await checkApprover(turn.actor, policyOf(bot), isInApproverGroup(bot))).approver;
      const jobs = await bot.jobs.list({ limit: 10, ...(approver ? {} : { requesterId: turn.actor.id }) });
      if (jobs.length === 0) return 'No jobs yet.';
      return jobs.map((job) => describeJob(job, describeInterruption(bot, job))).join('\n\n');
    }
    case 'cancel':
      return cancelJob(bot, turn, await requireJob(jobArg));
    case 'retry': {
      const retry = await retryJob(bot, turn, await requireJob(jobArg));
      return renderJobApprovalCard(retry, bot.settings);
    }
    case 'audit': {
      if (turn.conversation.kind !== 'personal') return linksOnlyInOurChat('audit trail');
      const jobId = await requireJob(jobArg);
      return (await mayControl(bot, await loadJob(bot, jobId), turn))
        ? auditReply(bot, jobId, turn.actor)
        : "Only the requester or an approver can see this job's audit trail.";
    }
    case 'results':
      if (turn.conversation.kind !== 'personal') return linksOnlyInOurChat('results');
      return resultsCard(bot, turn, await requireJob(jobArg));
    case 'report': {
      if (turn.conversation.kind !== 'personal') return linksOnlyInOurChat('validation report');
      const jobId = await requireJob(jobArg);
      return (await mayControl(bot, await loadJob(bot, jobId), turn))
        ? reportLink(bot, jobId, turn)
        : "Only the requester or an approver can get this job's validation report.";
    }
    case 'notify': {
      const reference = toStoredReference(TurnContext.getConversationReference(turn.context.activity));
      if (turn.conversation.kind !== 'channel' || reference === undefined) {
        return 'Say "notify here" in a team channel (with an @mention) to send completion summaries there.';
      }
      // The channel receives every job's summary and results link: only an approver may choose it.
      if (!(await checkApprover(turn.actor, policyOf(bot), isInApproverGroup(bot))).approver) {
        return 'Only an approver can choose the channel that receives completion summaries.';
      }
      await bot.conversations.setNotificationChannel(reference);
      return 'Done: completion summaries will be posted in this channel.';
    }
    case 'doctor':
      return doctor(bot);
    case 'find':
      return find(bot, arg);
    case 'recover':
    case 'restore':
      if (arg === '') return `Say "${word} <guid or address>".`;
      return startWizard(bot, turn, word.toLowerCase() === 'recover' ? 'recovery' : 'restore', arg);
    default:
      return renderWelcomeCard({ sandbox: bot.settings.sandbox });
  }
}

async function requireJob(jobArg: () => Promise<string | undefined>): Promise<string> {
  const jobId = await jobArg();
  if (jobId === undefined) throw new BotUserError('JOB_MISSING', 'Name the job, e.g. "status 1a2b3c4d5e".');
  return jobId;
}

async function doctor(bot: CommandServices): Promise<string> {
  const { graph } = bot.tenant;
  const domains = await graph.listDomains();
  const skus = await graph.listSubscribedSkus();
  const verified = domains.filter((domain) => domain.isVerified).map((domain) => domain.id);
  return `Tenant reachable${bot.settings.sandbox ? ' (sandbox)' : ''}: ${verified.length} verified domains (${verified.join(', ')}), ${skus.length} license SKUs readable.`;
}

async function find(bot: CommandServices, query: string): Promise<AdaptiveCard | string> {
  if (query === '') return 'Say "find <part of a name or address>".';
  const needle = query.toLowerCase();
  const matches = (await bot.tenant.exchange.listInactiveMailboxes()).filter((mailbox) =>
    [mailbox.displayName, mailbox.name, mailbox.primarySmtpAddress, mailbox.exchangeGuid].some((value) =>
      value.toLowerCase().includes(needle),
    ),
  );
  return renderFindResultsCard({ query, matches: matches.map(toMailboxSummary) });
}
