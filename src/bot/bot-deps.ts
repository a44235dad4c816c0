/**
 * What the bot is made of, in one leaf module (it imports no other bot module that could import it back):
 * its settings, the ports it is handed, and the services every handler draws from. Handlers and the job
 * runner each take a `Pick<BotServices, …>` of what they use, so a reader sees a handler's reach in its type.
 */
import type { TurnContext } from 'botbuilder';
import type { MailboxRecord, ExchangeGateway, GraphGateway } from '../operations/tenant-ports.ts';
import type { BulkOperationConfig } from '../operations/bulk-config.ts';
import type { BulkOperationManager } from '../operations/bulk/bulk-operation-manager.ts';
import type { ConversationStore, StoredReference } from '../operations/conversation-store.ts';
import type { DraftStore } from '../operations/draft-store.ts';
import type {
  ApprovalRules,
  JobConversation,
  JobPerson,
  JobRecord,
  JobStore,
  PersonIds,
} from '../operations/jobs/index.ts';
import type { BulkOperationType } from '../operations/model.ts';
import type { AuditEntry, AuditLog, Clock, OperationStore } from '../operations/ports.ts';
import type { PreflightOptions } from '../operations/preflight/index.ts';
import type { ValidationIssue } from '../operations/validation-issue.ts';
import type { FileKind, FileVault, LinkSigner } from './files/index.ts';
import type { Proactive, ProactiveAdapter } from './proactive.ts';
import type { FileChecks } from './jobs/file-checks.ts';
import type { ConversationThrottle } from './progress/index.ts';

export interface BotSettings {
  appId: string | null;
  sandbox: boolean;
  approvers: { userIds: string[]; groupId?: string; allowSelfApproval: boolean; channelConversationId?: string };
  approvalTtlMs: number;
  /** How many approvers a job needs, by risk (approval-rules.ts). @default DEFAULT_APPROVAL_RULES */
  approvalRules?: ApprovalRules;
  progressIntervalMs: number;
  /** Where /files/:token is reachable, e.g. http://127.0.0.1:3978 */
  publicBaseUrl: string;
  /** How long a download link lasts (LINK_TTL_MINUTES): links are for one person and short-lived. @default 1 hour */
  linkTtlMs?: number;
  upload: { allowedHosts: string[]; requireHttps: boolean; maxBytes: number; timeoutMs: number };
  csvLimits: { maxBytes: number; maxRows: number };
  notificationChannelId?: string;
  /** How the engine runs jobs (BULK_* settings); the composition root hands them to the engine. */
  bulk?: BulkOperationConfig;
  /** Restore rows run side by side, this many at once (see run-config.ts). @default 20 */
  restoreConcurrentRows?: number;
  /** The executors' defaults, so that "ready" in the validation card means the row will run. */
  preflight?: PreflightOptions;
}

/** The bulk engine as the bot drives it; built by the composition root with the executors. */
export type BulkEngine = Pick<BulkOperationManager, 'start' | 'resume' | 'cancel' | 'shutdown'>;

/** Background work that must outlive the turn that asked for it, and that shutdown and tests wait for. */
export interface BackgroundWork {
  track(work: Promise<unknown>): void;
  /** Resolves when every tracked piece of work has settled, including work added meanwhile. */
  idle(): Promise<void>;
}

export interface BotDeps {
  settings: BotSettings;
  tenant: { exchange: ExchangeGateway; graph: GraphGateway };
  operations: OperationStore;
  jobs: JobStore;
  audit: AuditLog;
  /** One job's audit entries (JsonlAuditLog#readAll), for `audit <job>`; without it the command only summarises. */
  readAudit?: (jobId: string) => Promise<AuditEntry[]>;
  conversations: ConversationStore;
  engine: BulkEngine;
  proactive: Proactive;
  background: BackgroundWork;
  links: LinkSigner;
  vault: FileVault;
  clock: Clock;
  log: (line: string) => void;
  /** Job ids, short enough to type in `status <job>`. @default 10 random hex digits */
  newId?: () => string;
  /** Where unfinished work waits between clicks; in memory when absent (tests). */
  drafts?: { pendingUploads: DraftStore<PendingUpload>; wizards: DraftStore<WizardState> };
}

export type { ProactiveAdapter };

export interface MailboxRecoveryBot {
  /** The server hands every activity to it: `adapter.process(req, res, (ctx) => bot.handler.run(ctx))`. */
  handler: { run(context: TurnContext): Promise<void> };
  /** Carries on jobs a restart interrupted; call once at start-up. */
  resumeInterrupted(): Promise<void>;
  /** Expires every job undecided past its deadline now (the bot also does it every minute); resolves with how many. */
  sweepExpired(): Promise<number>;
  /** Graceful: no new work, running rows reach a checkpoint, the last card updates are sent. */
  shutdown(): Promise<void>;
  /** Resolves once background work (running jobs, proactive messages) has settled: for tests. */
  idle(): Promise<void>;
}

/** A file whose type the admin still has to choose, under the job id it will have once typed. */
export interface PendingUpload extends IncomingFile {
  requester: JobPerson;
  conversation: JobConversation;
}

/** A CSV as it reached the bot (a file in the 1:1 chat, pasted text, a wizard's one row). */
export interface IncomingFile {
  fileName: string;
  bytes: Uint8Array;
  type: BulkOperationType | null;
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

/** Runs approved jobs on the engine; see jobs/job-runner.ts. */
export interface JobRunner {
  /** Starts an approved job; resolves once it runs (the rows go on in the background). */
  start(job: JobRecord, actor: string): Promise<void>;
  /** Asks a running job to stop after the rows in flight; false when it does not run here. */
  cancel(job: JobRecord, actor: { id: string; name?: string }): boolean;
  /** A cancel was asked for and the rows in flight are still finishing: cards say "Cancelling". */
  isCancelling(jobId: string): boolean;
  /** Carries on a job the engine saved as running before a restart (claimed once, like `start`). */
  resume(job: JobRecord): Promise<void>;
  /** How this process carries the job: `started` here, `resumed` after a restart interrupted it, or not at all. */
  holds(jobId: string): 'started' | 'resumed' | undefined;
}

/** How far the start-up recovery of interrupted jobs got (create-bot.ts), so `jobs` and `status` can say it. */
export interface StartupRecovery {
  finished: boolean;
  /** Jobs it could not carry on (each logged); the next start tries them again. */
  notRecovered: ReadonlySet<string>;
}

/** The services handlers draw from: the deps (less what only the runner needs) plus the bot's own state. */
export interface BotServices extends Pick<
  BotDeps,
  'settings' | 'tenant' | 'operations' | 'jobs' | 'audit' | 'readAudit' | 'conversations' | 'links' | 'vault'
> {
  clock: Clock;
  log: (line: string) => void;
  newId: () => string;
  proactive: Proactive;
  throttle: ConversationThrottle;
  background: BackgroundWork;
  /** Files being checked after their reply (handlers/validate-file.ts). */
  fileChecks: FileChecks;
  runner: JobRunner;
  startup: StartupRecovery;
  /** Durable (a restart between two clicks loses nothing): see operations/draft-store.ts. */
  pendingUploads: DraftStore<PendingUpload>;
  wizards: DraftStore<WizardState>;
  /** A short-lived download link for one person (their downloads are audited in their name). */
  signLink(jobId: string, kind: FileKind, fileName: string, person: PersonIds): string;
  rememberCard(jobId: string, card: string, activityId: string): Promise<void>;
  notificationChannel(): Promise<StoredReference | undefined>;
}
