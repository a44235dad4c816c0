import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudAdapter, type Activity } from 'botbuilder';
import { createBotFrameworkAuthentication } from '../../src/bot/auth/index.ts';
import { createFileVault, createLinkSigner, type LinkSigner } from '../../src/bot/files/index.ts';
import { MemoryAuditLog } from '../fakes/memory-audit-log.ts';
import { startBotServer, type BotServer } from '../../src/server.ts';
import { createHealthCheck } from '../../src/wiring/health-check.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';

function playgroundMessage(text: string): Partial<Activity> {
  return {
    type: 'message',
    id: 'activity-1',
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: 'user-1', name: 'Alex' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: 'chat-1', tenantId: PLAYGROUND_TENANT, conversationType: 'personal', isGroup: false, name: '' },
  };
}

describe('the bot server', () => {
  let dataDir: string;
  let server: BotServer;
  let links: LinkSigner;
  const clock = new FakeClock();
  const handled: string[] = [];
  let tenantUp = true;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bot-server-'));
    const authentication = createBotFrameworkAuthentication({
      appId: null,
      sandbox: true,
      listenHost: '127.0.0.1',
      allowedTenantIds: [PLAYGROUND_TENANT],
      allowedServiceUrlHosts: ['127.0.0.1'],
    });
    links = createLinkSigner({ secret: new Uint8Array(32).fill(7), clock });
    const vault = createFileVault({ dataDir });
    await vault.put('job-1', 'results', new TextEncoder().encode('row,status\n2,completed\n'));
    server = await startBotServer({
      host: '127.0.0.1',
      port: 0,
      adapter: new CloudAdapter(authentication),
      handler: {
        async run(context) {
          handled.push(context.activity.text);
        },
      },
      health: createHealthCheck({
        dataDir,
        probeTenant: async () => {
          if (!tenantUp) throw new Error('down');
        },
        cacheMs: 0,
      }),
      files: { signer: links, vault, audit: new MemoryAuditLog() },
    });
  });

  after(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports a writable data directory and a reachable tenant on /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', dataDir: 'writable', tenant: 'reachable' });
  });

  it('answers 503 on /healthz while the tenant does not answer', async () => {
    tenantUp = false;
    try {
      const response = await fetch(`${server.url}/healthz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { status: 'degraded', dataDir: 'writable', tenant: 'unreachable' });
    } finally {
      tenantUp = true;
    }
  });

  it('serves the file behind a signed link as a CSV download', async () => {
    const token = links.sign({ jobId: 'job-1', kind: 'results', fileName: 'results.csv', for: 'aad-alex' });
    const response = await fetch(`${server.url}/files/${token}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(response.headers.get('content-disposition') ?? '', /filename="results\.csv"/);
    assert.equal(await response.text(), 'row,status\n2,completed\n');
  });

  it('answers 404 for a forged link', async () => {
    const token = links.sign({ jobId: 'job-1', kind: 'results', fileName: 'results.csv', for: 'aad-alex' });
    const [payload = ''] = token.split('.');
    const response = await fetch(`${server.url}/files/${payload}.${'A'.repeat(43)}`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /^This link has expired or is not valid\. Ask the bot in Teams for a new one/);
  });

  it('answers 404 once a link has expired', async () => {
    const token = links.sign({ jobId: 'job-1', kind: 'results', fileName: 'results.csv', for: 'aad-alex' }, 60_000);
    clock.advance(60_001);
    const response = await fetch(`${server.url}/files/${token}`);
    assert.equal(response.status, 404);
  });

  it('hands an unauthenticated Playground activity to the bot in sandbox mode', async () => {
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(playgroundMessage('help')),
    });
    assert.ok(response.status < 300, `status ${response.status}`);
    assert.deepEqual(handled, ['help']);
  });

  it('refuses an activity from a foreign tenant before the bot sees it', async () => {
    const activity = playgroundMessage('from elsewhere');
    activity.conversation = { ...activity.conversation!, tenantId: '11111111-1111-1111-1111-111111111111' };
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    assert.equal(response.status, 401);
    assert.ok(!handled.includes('from elsewhere'));
  });

  it('refuses a multipart upload to /api/messages with 415, writing none of it to disk', async () => {
    // formidable (behind restify's generic bodyParser) writes upload parts to os.tmpdir(), which follows TMPDIR.
    const uploadDir = await mkdtemp(join(tmpdir(), 'bot-server-uploads-'));
    const previousTmpDir = process.env.TMPDIR;
    process.env.TMPDIR = uploadDir;
    try {
      const form = new FormData();
      form.append('activity', JSON.stringify(playgroundMessage('multipart')));
      form.append('file', new Blob(['source_guid\n'.repeat(1000)], { type: 'text/csv' }), 'recovery.csv');
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', body: form });
      assert.deepEqual(await readdir(uploadDir), []);
      assert.equal(response.status, 415);
      assert.deepEqual(await response.json(), {
        code: 'UnsupportedMediaType',
        message: 'The bot accepts only application/json activities.',
      });
      assert.ok(!handled.includes('multipart'));
    } finally {
      if (previousTmpDir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpDir;
      await rm(uploadDir, { recursive: true, force: true });
    }
  });

  it('refuses form, text and untyped bodies on /api/messages with 415, and the bot never sees them', async () => {
    const activity = JSON.stringify(playgroundMessage('not json'));
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', undefined]) {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
        body: contentType === undefined ? new Blob([activity]) : activity,
      });
      assert.equal(response.status, 415, String(contentType));
    }
    assert.ok(!handled.includes('not json'));
  });

  it('refuses a JSON activity above the 1 MiB body limit with 413, and the bot never sees it', async () => {
    const activity = playgroundMessage('too big');
    activity.value = { padding: 'x'.repeat(1024 * 1024) };
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    assert.equal(response.status, 413);
    assert.ok(!handled.includes('too big'));
  });

  it('says in one sentence that the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        startBotServer({
          host: '127.0.0.1',
          port,
          adapter: { process: async () => undefined },
          handler: { run: async () => undefined },
          health: async () => ({ status: 'ok', dataDir: 'writable', tenant: 'reachable' }),
          files: { signer: links, vault: createFileVault({ dataDir }), audit: new MemoryAuditLog() },
        }),
        {
          name: 'ServerStartError',
          message: `Port ${port} on 127.0.0.1 is already in use: stop the other process or set PORT to a free port.`,
        },
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
