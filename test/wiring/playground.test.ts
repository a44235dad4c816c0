import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

  it('does not outlive a process that crashes without closing it', async () => {
    const script = new URL('./fixtures/crash-after-playground.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(await freePort())], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = /URL (\S+)/.exec(output)?.[1];
    assert.ok(url, output);
    assert.notEqual(exitCode, 0, 'the process crashed');
    // Give the killed Playground a moment to let go of its port.
    let answered = true;
    for (let attempt = 0; attempt < 50 && answered; attempt += 1) {
      answered = await fetch(`${url}/_debug/ping`).then(
        () => true,
        () => false,
      );
      if (answered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(answered, false, 'the Playground is gone with the process that started it');
  });
});
