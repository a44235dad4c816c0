import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler } from 'botbuilder';
import type { MailboxRecoveryBot } from '../../src/bot/bot-deps.ts';
import { loadConfig } from '../../src/config.ts';
import { openDataDir } from '../../src/store/data-dir.ts';
import type { BotParts } from '../../src/wiring/assemble-bot.ts';
import { startBot } from '../../src/wiring/start-bot.ts';

/** Stands in for the real bot: records what start-up and shutdown did to it. */
function stubBot(): { createBot: (deps: BotParts) => MailboxRecoveryBot; events: string[] } {
  const events: string[] = [];
  return {
    events,
    createBot: (deps) => {
      events.push(`created (sandbox ${deps.settings.sandbox}, app id ${deps.settings.appId ?? 'none'})`);
      return {
        handler: new ActivityHandler(),
        resumeInterrupted: async () => void events.push('resumed'),
        sweepExpired: async () => 0,
        shutdown: async () => void events.push('shut down'),
        idle: async () => undefined,
      };
    },
  };
}

/** The lock is free when the data directory can be held again. */
async function assertLockFree(dataDir: string): Promise<void> {
  const held = await openDataDir(dataDir);
  await held.close();
}

const REAL_TENANT = {
  TENANT_ID: '22222222-2222-2222-2222-222222222222',
  CLIENT_ID: 'tenant-app',
  SECRET_CLIENT_SECRET: 'tenant-secret',
  APPROVER_USER_IDS: '29:approver',
  UPLOAD_ALLOWED_HOSTS: 'contoso.sharepoint.com',
  PUBLIC_BASE_URL: 'https://bot.contoso.com',
  SECRET_LINK_SIGNING_KEY: 'k'.repeat(40),
};

describe('starting the bot', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'start-bot-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs in sandbox mode against the sandbox tenant and releases the data directory on close', async () => {
    const stub = stubBot();
    const bot = await startBot(loadConfig({ DATA_DIR: dataDir, PORT: '0' }), { createBot: stub.createBot });
    try {
      assert.match(bot.messagesUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
      assert.match(bot.tenant, /^sandbox tenant /);
      const health = await fetch(bot.healthUrl);
      assert.deepEqual(await health.json(), { status: 'ok', dataDir: 'writable', tenant: 'reachable' });
      await assert.rejects(openDataDir(dataDir), { code: 'DATA_DIR_LOCKED' });
    } finally {
      await bot.close();
    }
    assert.deepEqual(stub.events, ['created (sandbox true, app id none)', 'resumed', 'shut down']);
    await assert.rejects(fetch(bot.healthUrl));
    await assertLockFree(dataDir);
  });

  it('refuses to start against a real tenant without a bot app id, holding nothing', async () => {
    const stub = stubBot();
    const config = loadConfig({ ...REAL_TENANT, DATA_DIR: dataDir, PORT: '0' });
    await assert.rejects(startBot(config, { createBot: stub.createBot }), {
      name: 'InboundSecurityError',
      message:
        /^The bot has no app id and would accept unauthenticated requests, which is allowed only in sandbox mode/,
    });
    assert.deepEqual(stub.events, []);
    await assertLockFree(dataDir);
  });

  it('refuses to listen on every address without a bot app id, even in sandbox mode', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '0.0.0.0' });
    await assert.rejects(startBot(config, stubBot()), {
      message: /would accept unauthenticated requests on 0\.0\.0\.0, which is allowed only on a loopback address/,
    });
  });

  it('names the missing setting when a real tenant has no upload hosts', async () => {
    const env: Record<string, string> = { ...REAL_TENANT, DATA_DIR: dataDir };
    delete env.UPLOAD_ALLOWED_HOSTS;
    await assert.rejects(startBot(loadConfig(env), stubBot()), {
      name: 'ConfigError',
      message: /^UPLOAD_ALLOWED_HOSTS must list/,
    });
  });

  it('says in one sentence that the port is taken, and frees the data directory', async () => {
    const first = await startBot(loadConfig({ DATA_DIR: dataDir, PORT: '0' }), stubBot());
    const port = new URL(first.healthUrl).port;
    const otherDir = await mkdtemp(join(tmpdir(), 'start-bot-'));
    try {
      await assert.rejects(startBot(loadConfig({ DATA_DIR: otherDir, PORT: port }), stubBot()), {
        message: `Port ${port} on 127.0.0.1 is already in use: stop the other process or set PORT to a free port.`,
      });
      await assertLockFree(otherDir);
    } finally {
      await first.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
