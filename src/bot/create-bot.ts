/**
 * The bot's composition: plain settings and ports in, a botbuilder handler out. Everything Teams-specific
 * stays in src/bot; the work itself is done by the domain (prepareJob, recordApproval, the bulk engine).
 */
import type { ActivityHandler, ConversationReference, TurnContext } from 'botbuilder';
import type { JobStore } from '../operations/jobs/job-record.ts';
import type { TemporaryAccessPassDelivery } from '../operations/executors/index.ts';
import type { BulkOperationType } from '../operations/model.ts';
import type { BulkOperationConfig } from '../operations/bulk-config.ts';
import type { PreflightOptions } from '../operations/preflight/index.ts';
import type { AuditEntry, AuditLog, Clock, ItemExecutor, OperationStore } from '../operations/ports.ts';
import type { ExchangeGateway, GraphGateway } from '../operations/tenant-ports.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { FileVault, LinkSigner } from './files/index.ts';
import { createBotContext } from './bot-context.ts';
import { RecoveryBotHandler } from './recovery-bot-handler.ts';

export interface BotSettings {
  appId: string | null;
  sandbox: boolean;
  approvers: { userIds: string[]; groupId?: string; allowSelfApproval: boolean; channelConversationId?: string };
  approvalTtlMs: number;
  progressIntervalMs: number;
  /** Where /files/:token is reachable, e.g. http://127.0.0.1:3978 */
  publicBaseUrl: string;
  upload: { allowedHosts: string[]; requireHttps: boolean; maxBytes: number; timeoutMs: number };
  csvLimits: { maxBytes: number; maxRows: number };
  notificationChannelId?: string;
  /** How the engine runs jobs (BULK_* settings). @default the engine's defaults */
  bulk?: BulkOperationConfig;
  /** Restore rows run side by side, this many at once (see run-config.ts). @default 20 */
  restoreConcurrentRows?: number;
  /** The executors' defaults, so that "ready" in the validation card means the row will run. */
  preflight?: PreflightOptions;
}

/** What proactive messages need from the adapter; botbuilder's CloudAdapter provides it. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface BotDeps {
  settings: BotSettings;
  /** For continueConversationAsync (proactive updates): a CloudAdapter. */
  adapter: ProactiveAdapter;
  tenant: { exchange: ExchangeGateway; graph: GraphGateway };
  operations: OperationStore;
  jobs: JobStore;
  audit: AuditLog;
  /** One job's audit entries (JsonlAuditLog#readAll), for `audit <job>`; without it the command only summarises. */
  readAudit?: (operationId: string) => Promise<AuditEntry[]>;
  conversations: ConversationStore;
  /** Builds the executors with the bot's Temporary Access Pass delivery (to the requester's 1:1 chat only). */
  createExecutors: (delivery: TemporaryAccessPassDelivery) => Record<BulkOperationType, ItemExecutor>;
  links: LinkSigner;
  vault: FileVault;
  clock?: Clock;
  log?: (line: string) => void;
  /** Job ids, short enough to type in `status <job>`. @default 10 random hex digits */
  newId?: () => string;
}

export interface MailboxRecoveryBot {
  /** The server calls `adapter.process(req, res, (ctx) => bot.handler.run(ctx))`. */
  handler: ActivityHandler;
  /** Carries on jobs a restart interrupted; call once at start-up. */
  resumeInterrupted(): Promise<void>;
  /** Graceful: no new work, running rows reach a checkpoint, the last card updates are sent. */
  shutdown(): Promise<void>;
  /** Resolves once background work (running jobs, proactive messages) has settled: for tests. */
  idle(): Promise<void>;
}

export function createBot(deps: BotDeps): MailboxRecoveryBot {
  const runtime = createBotContext(deps);
  return {
    handler: new RecoveryBotHandler(runtime),
    resumeInterrupted: () => runtime.runner.resumeInterrupted(),
    shutdown: () => runtime.runner.shutdown(),
    idle: () => runtime.runner.idle(),
  };
}
