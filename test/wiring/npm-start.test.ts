/**
 * What `npm start` does with no tenant configured, run as the real process: the bot, the sandbox tenant and
 * the Agents Playground come up, the printed block says where to go and what to type, and Ctrl-C (SIGINT)
 * stops all three and frees the data directory.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm start in sandbox mode', () => {
  it('starts the bot, the sandbox tenant and the Playground, tells what to type, and Ctrl-C stops all three', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mrb-npm-start-'));
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        PORT: '0',
        PLAYGROUND_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (
        let waited = 0;
        !output.includes('Stop with Ctrl+C') && child.exitCode === null && waited < 60_000;
        waited += 100
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(output, /Mailbox Recovery Bot is running \(sandbox mode\)\./);
      assert.match(output, /tenant: +sandbox tenant /);
      const playground = /Open (http:\/\/localhost:\d+) \(the Agents Playground/.exec(output)?.[1];
      const health = /health: +(http:\/\/\S+)/.exec(output)?.[1];
      assert.ok(playground && health, output);
      assert.match(output, /sample recovery +a recovery file/);
      assert.equal(await (await fetch(`${playground}/_debug/ping`)).text(), 'pong');
      assert.equal(((await (await fetch(health)).json()) as { status: string }).status, 'ok');

      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
      await assert.rejects(fetch(`${playground}/_debug/ping`), 'the Playground stopped');
      await assert.rejects(fetch(health), 'the bot stopped');
      await assert.rejects(stat(join(dataDir, '.lock')), { code: 'ENOENT' }, 'the data directory is free again');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
