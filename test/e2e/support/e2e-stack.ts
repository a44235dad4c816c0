/**
 * One test's whole product on free loopback ports: a sandbox tenant, the bot (sandbox mode, its own data
 * directory) and the real Agents Playground pointed at it — the three things `npm start` runs — plus a
 * Playground client connected to its frame stream. `close()` stops all three.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSandboxSession } from '../../../src/wiring/tenant-session.ts';
import { loadConfig, playgroundEnvironment } from '../../../src/config.ts';
import type { SandboxOptions, SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { DEFAULT_SANDBOX_FIXTURE } from '../../../src/wiring/bot-tenant.ts';
import { startPlayground } from '../../../src/wiring/playground.ts';
import { startBot, type RunningBot } from '../../../src/wiring/start-bot.ts';
import { PlaygroundClient } from './playground-client.ts';

export interface E2eStackOptions {
  /** Settings as environment variables (the bot reads nothing else). */
  env?: Record<string, string>;
  sandbox?: Omit<SandboxOptions, 'fixture'>;
}

export interface E2eStack {
  playground: PlaygroundClient;
  sandbox: SandboxTenant;
  bot: RunningBot;
  dataDir: string;
  close(): Promise<void>;
}

/** Tenant calls slow enough for a person (and a test) to watch a job move, fast enough for CI. */
export const E2E_LATENCY = { mean: 60, jitter: 20 };

export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mrb-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    PLAYGROUND: 'false',
    PROGRESS_UPDATE_INTERVAL_SECONDS: '1',
    BULK_DELAY_BETWEEN_BATCHES_SECONDS: '0',
    RESTORE_POLL_INTERVAL_SECONDS: '1',
    ...options.env,
  });
  let sandbox: SandboxTenant | undefined;
  const stoppers: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const stopAll = async (): Promise<void> => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const bot = await startBot(config, {
      openTenant: async () => {
        const session = await openSandboxSession(DEFAULT_SANDBOX_FIXTURE, {
          sandbox: { latencyMs: E2E_LATENCY, restoreDurationMs: 4_000, ...options.sandbox },
        });
        sandbox = session.sandbox ?? undefined;
        return session;
      },
    });
    stoppers.push(() => bot.close());
    const running = await startPlayground({
      botMessagesUrl: bot.messagesUrl,
      port: await freePort(),
      environment: playgroundEnvironment(join(dataDir, 'playground.log')),
    });
    stoppers.push(() => running.close());
    const playground = new PlaygroundClient(running.url);
    stoppers.push(async () => playground.close());
    await playground.connect();
    if (sandbox === undefined) throw new Error('the sandbox tenant did not start');
    let closing: Promise<void> | undefined;
    return { playground, sandbox, bot, dataDir, close: () => (closing ??= stopAll()) };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
