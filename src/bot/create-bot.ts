/**
 * The bot's composition: its deps in (src/wiring/assemble-bot.ts builds them, the engine included), a botbuilder
 * handler out. Everything Teams-specific stays in src/bot; the work itself is done by the domain.
 */
import { randomBytes } from 'node:crypto';
import { memoryDraftStore } from '../operations/draft-store.ts';
import { personKey, withCardActivity } from '../operations/jobs/index.ts';
import { startExpirySweep, sweepExpiredJobs } from './jobs/expiry-sweep.ts';
import type { BotDeps, BotServices, MailboxRecoveryBot } from './bot-deps.ts';
import { createFileChecks } from './jobs/file-checks.ts';
import { createJobRunner } from './jobs/job-runner.ts';
import { resumeInterruptedJobs } from './jobs/resume-jobs.ts';
import { createConversationThrottle } from './progress/index.ts';
import { RecoveryBotHandler } from './recovery-bot-handler.ts';

export function createBot(deps: BotDeps): MailboxRecoveryBot {
  const { settings, clock, jobs, links, conversations } = deps;
  const shared = {
    settings,
    tenant: deps.tenant,
    operations: deps.operations,
    jobs,
    audit: deps.audit,
    ...(deps.readAudit ? { readAudit: deps.readAudit } : {}),
    conversations,
    links,
    vault: deps.vault,
    clock,
    log: deps.log,
    newId: deps.newId ?? (() => randomBytes(5).toString('hex')),
    proactive: deps.proactive,
    background: deps.background,
    fileChecks: createFileChecks(),
    throttle: createConversationThrottle({ minIntervalMs: settings.progressIntervalMs, clock }),
    pendingUploads: deps.drafts?.pendingUploads ?? memoryDraftStore(),
    wizards: deps.drafts?.wizards ?? memoryDraftStore(),
    signLink: (jobId, kind, fileName, person) =>
      `${settings.publicBaseUrl.replace(/\/+$/, '')}/files/${links.sign({ jobId, kind, fileName, for: personKey(person) })}`,
    rememberCard: async (jobId, card, activityId) => {
      await jobs.update(jobId, (job) => (job === undefined ? undefined : withCardActivity(job, card, activityId)));
    },
    notificationChannel: async () => {
      const stored = await conversations.getNotificationChannel();
      if (stored !== undefined || settings.notificationChannelId === undefined) return stored;
      return conversations.getReference(settings.notificationChannelId);
    },
  } satisfies Omit<BotServices, 'runner' | 'startup'>;
  const startup = { finished: false, notRecovered: new Set<string>() };
  const services: BotServices = {
    ...shared,
    runner: createJobRunner({ ...shared, engine: deps.engine }),
    startup,
  };
  const stopSweep = startExpirySweep(services);
  return {
    handler: new RecoveryBotHandler(services),
    async resumeInterrupted() {
      await sweepExpiredJobs(services);
      const report = await resumeInterruptedJobs(services);
      for (const jobId of report.notRecovered) startup.notRecovered.add(jobId);
      startup.finished = true;
    },
    sweepExpired: () => sweepExpiredJobs(services),
    async shutdown() {
      stopSweep();
      // A file check would go on for minutes against a slow tenant: it stops, and its card says to send the file again.
      services.fileChecks.stopAll();
      await deps.engine.shutdown();
      await deps.background.idle();
    },
    idle: () => deps.background.idle(),
  };
}
