import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playgroundEnvironment } from '../../src/config.ts';
import { startPlayground } from '../../src/wiring/playground.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('the Agents Playground that npm start opens', () => {
  it('starts quietly, answers at the URL it reports, and is gone after close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrb-playground-'));
    const playground = await startPlayground({
      botMessagesUrl: 'http://127.0.0.1:9/api/messages',
      port: await freePort(),
      environment: playgroundEnvironment(join(dir, 'playground.log')),
    });
    try {
      assert.equal(await (await fetch(`${playground.url}/_debug/ping`)).text(), 'pong');
      const config = (await (await fetch(`${playground.url}/_internal/v1/testConfig`)).json()) as {
        config: { currentUser: { id: string } };
      };
      assert.equal(config.config.currentUser.id, 'user-id-0');
    } finally {
      await playground.close();
    }
    await assert.rejects(fetch(`${playground.url}/_debug/ping`), 'nothing answers after close');
  });
});
