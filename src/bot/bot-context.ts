/** What every handler shares: the deps, the clock, the engine runner, and a few small conveniences. */
import { randomBytes } from 'node:crypto';
import type { MailboxRecord } from '../operations/tenant-ports.ts';
import type { ValidationIssue } from '../operations/validation-issue.ts';
import type { BulkOperationType } from '../operations/model.ts';
import { withCardActivity } from '../operations/jobs/job-lifecycle.ts';
import type { JobConversation, JobPerson } from '../operations/jobs/job-record.ts';
import { systemClock } from '../operations/system-clock.ts';
import type { Clock } from '../operations/ports.ts';
import type { StoredReference } from './conversation-store.ts';
import type { BotDeps, BotSettings } from './create-bot.ts';
import type { FileKind } from './files/index.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import { createConversationThrottle, type ConversationThrottle } from './progress/index.ts';
import { createProactive, type Proactive } from './proactive.ts';

/** A file whose type the admin still has to choose: kept in memory only (a restart asks for the file again). */
export interface PendingUpload {
  fileName: string;
  bytes: Uint8Array;
  requester: JobPerson;
  conversation: JobConversation;
}

/** One `recover` / `restore` wizard in progress. */
export interface WizardState {
  wizardId: string;
  operation: 'recovery' | 'restore';
  mailbox: MailboxRecord;
  fields: Record<string, string>;
  /** The latest pre-flight verdict for the mailbox (and, from the review step, the chosen fields). */
  issues: ValidationIssue[];
  requester: JobPerson;
  conversation: JobConversation;
}

export interface BotContext {
  deps: BotDeps;
  settings: BotSettings;
  clock: Clock;
  log: (line: string) => void;
  newId: () => string;
  throttle: ConversationThrottle;
  proactive: Proactive;
  runner: JobRunner;
  pendingUploads: Map<string, PendingUpload>;
  wizards: Map<string, WizardState>;
  signLink(jobId: string, kind: FileKind, fileName: string): string;
  rememberCard(jobId: string, card: string, activityId: string): Promise<void>;
  notificationChannel(): Promise<StoredReference | undefined>;
  isOperationType(value: string): value is BulkOperationType;
}

export function createBotContext(deps: BotDeps): BotContext {
  const clock = deps.clock ?? systemClock;
  const context: Omit<BotContext, 'runner'> & { runner?: JobRunner } = {
    deps,
    settings: deps.settings,
    clock,
    log: deps.log ?? (() => undefined),
    newId: deps.newId ?? (() => randomBytes(5).toString('hex')),
    throttle: createConversationThrottle({ minIntervalMs: deps.settings.progressIntervalMs, clock }),
    proactive: createProactive({
      adapter: deps.adapter,
      appId: deps.settings.appId,
      clock,
      onGone: async (conversationId) => {
        (deps.log ?? (() => undefined))(`conversation ${conversationId} is gone or blocks the bot: forgotten`);
        await deps.conversations.forget(conversationId);
      },
    }),
    pendingUploads: new Map(),
    wizards: new Map(),
    signLink: (jobId, kind, fileName) =>
      `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/files/${deps.links.sign({ jobId, kind, fileName })}`,
    rememberCard: async (jobId, card, activityId) => {
      await deps.jobs.update(jobId, (job) => (job === undefined ? undefined : withCardActivity(job, card, activityId)));
    },
    notificationChannel: async () => {
      const stored = await deps.conversations.getNotificationChannel();
      if (stored !== undefined || deps.settings.notificationChannelId === undefined) return stored;
      return deps.conversations.getReference(deps.settings.notificationChannelId);
    },
    isOperationType: (value): value is BulkOperationType =>
      ['recovery', 'restore', 'validate', 'export'].includes(value),
  };
  context.runner = createJobRunner(context as BotContext);
  return context as BotContext;
}
