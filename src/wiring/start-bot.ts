/**
 * Starts the Teams bot: configuration → stores (store/open-stores.ts: the data directory is held first) →
 * tenant → executors → bot → HTTP server → resume interrupted jobs. Whatever fails on the way closes what was
 * opened, in reverse, so a refused start never leaves the lock held or the sandbox running.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudAdapter } from 'botbuilder';
import { createBotFrameworkAuthentication } from '../bot/auth/index.ts';
import type { MailboxRecoveryBot } from '../bot/bot-deps.ts';
import { createFileVault, createLinkSigner } from '../bot/files/index.ts';
import { SANDBOX_RESTORE, type TenantSession } from './tenant-session.ts';
import { assertBotReady, type AppConfig } from '../config.ts';
import type { Clock } from '../operations/ports.ts';
import { systemClock } from '../operations/system-clock.ts';
import { startBotServer } from '../server.ts';
import { openStores } from '../store/open-stores.ts';
import { openBotDrafts } from './bot-drafts.ts';
import { assembleBot, type BotParts } from './assemble-bot.ts';
import { createBotExecutors } from './bot-executors.ts';
import { toBotSettings, toInboundSecuritySettings } from './bot-settings.ts';
import { openBotTenant } from './bot-tenant.ts';
import { createHealthCheck } from './health-check.ts';
import { loadLinkSigningKey } from './link-key.ts';

export interface StartBotOptions {
  /** @default assembleBot (tests pass a stub) */
  createBot?: (parts: BotParts) => MailboxRecoveryBot;
  /** @default openBotTenant (the configured tenant, or the sandbox tenant) */
  openTenant?: (config: AppConfig) => Promise<TenantSession>;
  clock?: Clock;
  log?: (line: string) => void;
}

export interface RunningBot {
  messagesUrl: string;
  healthUrl: string;
  /** e.g. "sandbox tenant sandbox.onmicrosoft.com at http://127.0.0.1:50123" */
  tenant: string;
  /** Graceful: stop accepting, let running items reach a checkpoint, flush and close the stores. */
  close(): Promise<void>;
}

export async function startBot(config: AppConfig, options: StartBotOptions): Promise<RunningBot> {
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? systemClock;
  // Refusals that need nothing opened come first: a bad setting must not take the lock.
  assertBotReady(config);
  const authentication = createBotFrameworkAuthentication(await toInboundSecuritySettings(config));
  const closers: { name: string; close: () => Promise<unknown> }[] = [];
  const closeAll = async (): Promise<void> => {
    for (const { name, close } of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        // Keep closing the rest: the lock and the sandbox must go even if one close fails.
        log(`closing the ${name} failed: ${describeCloseError(error)}`);
      }
    }
  };
  try {
    const stores = await openStores(config.dataDir, {
      clock,
      onCloseError: (name, error) => log(`closing the ${name} failed: ${describeCloseError(error)}`),
    });
    closers.push({ name: 'stores', close: () => stores.close() });
    const { operations, jobs, audit, conversations } = stores;
    const secret = await loadLinkSigningKey({
      configured: config.bot.linkSigningKey,
      dataDir: config.dataDir,
      sandbox: config.bot.sandbox,
    });
    const links = createLinkSigner({ secret, clock, defaultTtlMs: config.bot.linkTtlMs });
    const vault = createFileVault({ dataDir: config.dataDir });
    const session = await (options.openTenant ?? openBotTenant)(config);
    // Closed last: running rows may still call the tenant until the bot has shut down.
    closers.unshift({ name: 'tenant', close: () => session.close() });
    const { exchange, graph } = session.connection;

    const adapter = new CloudAdapter(authentication);
    const settings = toBotSettings(config);
    const bot = (options.createBot ?? assembleBot)({
      settings,
      adapter,
      tenant: { exchange, graph },
      operations,
      jobs,
      audit,
      readAudit: (jobId) => audit.readAll(jobId),
      conversations,
      drafts: await openBotDrafts(stores.dataDir),
      createExecutors: createBotExecutors(
        {
          exchange,
          graph,
          clock,
          operations,
          ...(session.mode === 'sandbox' ? { restorePollIntervalMs: SANDBOX_RESTORE.pollIntervalMs } : {}),
        },
        config,
      ),
      links,
      vault,
      clock,
      log,
    });
    closers.push({ name: 'bot', close: () => bot.shutdown() });

    const server = await startBotServer({
      host: config.bot.host,
      port: config.bot.port,
      adapter,
      handler: bot.handler,
      health: createHealthCheck({ dataDir: config.dataDir, probeTenant: () => graph.listDomains() }),
      files: { signer: links, vault, audit, log },
      // Only for the anonymous bot on loopback (the Playground): a sandbox bot behind a tunnel for a real Teams
      // client has an app id, and must not hand files to whoever finds the tunnel.
      ...(config.bot.sandbox && config.bot.appId === null
        ? { sandboxFiles: { directories: await sandboxFileDirectories(config.dataDir) } }
        : {}),
      log,
    });
    closers.push({ name: 'server', close: () => server.close() });
    // With PORT=0 the port is known only now, and the links the bot hands out must carry it.
    if (config.bot.port === 0 && settings.publicBaseUrl.endsWith(':0')) settings.publicBaseUrl = server.url;
    await bot.resumeInterrupted();
    const tenant =
      session.sandbox !== null
        ? `sandbox tenant ${session.sandbox.tenantId} at ${session.sandbox.url}`
        : session.mode === 'sandbox'
          ? `sandbox tenant at ${config.sandboxTenantUrl ?? ''} (its own process)`
          : `tenant ${config.tenant?.tenantId ?? ''}`;
    let closing: Promise<void> | undefined;
    return {
      messagesUrl: `${server.url}/api/messages`,
      healthUrl: `${server.url}/healthz`,
      tenant,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The user's own files first (the folder is made so it can be found), then the samples `sample <type>` uses. */
async function sandboxFileDirectories(dataDir: string): Promise<string[]> {
  const own = join(dataDir, SANDBOX_FILES_FOLDER);
  await mkdir(own, { recursive: true });
  return [own, fileURLToPath(new URL('../bot/samples/', import.meta.url))];
}

export const SANDBOX_FILES_FOLDER = 'sandbox-files';

function describeCloseError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
