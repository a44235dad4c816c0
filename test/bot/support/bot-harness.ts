/** A bot wired to in-memory fakes and the real cards, driven through the recording adapter. */
import type { Activity } from 'botbuilder-core';
import type { BotSettings, MailboxRecoveryBot } from '../../../src/bot/bot-deps.ts';
import { assembleBot } from '../../../src/wiring/assemble-bot.ts';
import { createMemoryConversationStore } from '../../../src/operations/conversation-store.ts';
import { createLinkSigner, type LinkSigner, type FileKind } from '../../../src/bot/files/index.ts';
import type { BulkOperationType } from '../../../src/operations/model.ts';
import type { JobStore } from '../../../src/operations/jobs/job-record.ts';
import type { Clock, ItemExecutor, OperationStore } from '../../../src/operations/ports.ts';
import type { MailboxRecord } from '../../../src/operations/tenant-ports.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { FakeTenant, inactiveMailbox } from '../../fakes/fake-tenant.ts';
import { MemoryAuditLog } from '../../fakes/memory-audit-log.ts';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { MemoryJobStore } from '../../operations/jobs/job-test-support.ts';
import { RecordingAdapter } from './recording-adapter.ts';

export const ANN = { id: '29:ann', name: 'Ann Admin', aadObjectId: 'aad-ann' };
export const BOB = { id: '29:bob', name: 'Bob Approver', aadObjectId: 'aad-bob' };
export const PERSONAL = 'a:personal-ann';

export function memoryVault() {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    put: async (jobId: string, kind: FileKind, bytes: Uint8Array) => void files.set(`${jobId}/${kind}`, bytes),
    get: async (claims: { jobId: string; kind: FileKind }) => files.get(`${claims.jobId}/${claims.kind}`) ?? null,
  };
}

export const TEAM_CHANNEL = '19:ops@thread.tacv2';

/** A message or event from a team channel (the conversation id names the thread it was said in). */
export function inChannel(thread = '1700000000000'): Partial<Activity> {
  return {
    conversation: { id: `${TEAM_CHANNEL};messageid=${thread}`, conversationType: 'channel', isGroup: true, name: '' },
    channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: TEAM_CHANNEL } },
  };
}

export interface HarnessOptions<C extends Clock> {
  settings?: Partial<BotSettings>;
  /** @default a FakeClock (sleeps move time at once); a ManualClock when the test drives time itself. */
  clock?: C;
  /** The executor every job type uses; a function gets the harness clock (rows that take fake time). */
  executor?: RecordingExecutor | ((clock: C) => RecordingExecutor);
  /** Names of the tenant's inactive mailboxes. @default ['jdoe', 'mroe'] */
  mailboxes?: string[];
  /** Further inactive mailboxes, built by the test (holds, shards…). */
  inactive?: MailboxRecord[];
  /** Active mailboxes of the tenant (a re-synced account holding a Name…). @default none */
  active?: MailboxRecord[];
  /** Stores to use instead of in-memory ones (a restart over the real file stores). */
  jobs?: JobStore;
  operations?: OperationStore;
}

export function createHarness<C extends Clock = FakeClock>(options: HarnessOptions<C> = {}) {
  const clock = options.clock ?? (new FakeClock() as Clock as C);
  const tenant = new FakeTenant({
    inactive: [
      ...(options.mailboxes ?? ['jdoe', 'mroe']).map((name) => inactiveMailbox({ name })),
      ...(options.inactive ?? []),
    ],
    active: options.active ?? [],
  });
  const adapter = new RecordingAdapter(clock);
  const jobs: JobStore = options.jobs ?? new MemoryJobStore();
  const operations: OperationStore = options.operations ?? new MemoryOperationStore();
  const audit = new MemoryAuditLog();
  const conversations = createMemoryConversationStore();
  const vault = memoryVault();
  const links: LinkSigner = createLinkSigner({ secret: new Uint8Array(32).fill(7), clock });
  const executor =
    typeof options.executor === 'function'
      ? options.executor(clock)
      : (options.executor ?? new RecordingExecutor({ reconcile: false, turns: 1 }));
  const settings: BotSettings = {
    appId: null,
    sandbox: true,
    approvers: { userIds: [BOB.id], allowSelfApproval: false },
    approvalTtlMs: 24 * 60 * 60 * 1000,
    progressIntervalMs: 5000,
    publicBaseUrl: 'http://127.0.0.1:3978',
    upload: { allowedHosts: ['127.0.0.1'], requireHttps: false, maxBytes: 64 * 1024, timeoutMs: 5000 },
    csvLimits: { maxBytes: 64 * 1024, maxRows: 1000 },
    ...options.settings,
  };
  let ids = 0;
  const bot: MailboxRecoveryBot = assembleBot({
    settings,
    adapter,
    tenant,
    operations,
    jobs,
    audit,
    readAudit: async (jobId) => audit.entries.filter((entry) => entry.jobId === jobId),
    conversations,
    createExecutors: () =>
      Object.fromEntries(
        ['recovery', 'restore', 'validate', 'export'].map((type) => [type, executor]),
      ) as unknown as Record<BulkOperationType, ItemExecutor>,
    links,
    vault,
    clock,
    log: (line: string) => void (process.env.HARNESS_LOG && console.log(line)),
    newId: () => `job${++ids}`,
  });

  const send = async (activity: Partial<Activity>) => {
    const full: Partial<Activity> = {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      recipient: { id: '28:bot', name: 'Bot' },
      from: ANN,
      conversation: { id: PERSONAL, conversationType: 'personal', isGroup: false, name: '' },
      ...activity,
    };
    await adapter.processActivity(full, (context) => bot.handler.run(context));
  };

  return {
    clock,
    tenant,
    adapter,
    jobs,
    operations,
    audit,
    conversations,
    vault,
    links,
    executor,
    settings,
    bot,
    say: (text: string, activity: Partial<Activity> = {}) => send({ type: 'message', text, ...activity }),
    send,
    /** Clicks an Action.Execute button and resolves with the card the bot answered with. */
    click: async (verb: string, data: Record<string, unknown>, from = ANN, replyToId = 'card-1') => {
      const before = adapter.sent.length;
      await send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from,
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      });
      const response = adapter.sent.slice(before).find((entry) => entry.activity.type === 'invokeResponse');
      const body = (response?.activity.value as { body?: { statusCode: number; type: string; value: unknown } })?.body;
      return body;
    },
    /** Texts of every card and message sent (all conversations), for "the user sees …" assertions. */
    textsSent: () => adapter.sent.map((entry) => JSON.stringify(entry.activity)),
    idle: () => bot.idle(),
  };
}
