/**
 * Starts Microsoft's Agents Playground (the local Teams client, pinned to 0.2.28) as a child process pointed
 * at the bot, and stops it. Started directly with node (not npx) so that its pid is ours to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PlaygroundOptions {
  botMessagesUrl: string;
  /** 0 lets the Playground choose; a taken port also makes it choose another (read from its output). */
  port: number;
  environment: Record<string, string | undefined>;
  /** @default 30 s */
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  url: string;
  close(): Promise<void>;
}

export class PlaygroundStartError extends Error {
  readonly code = 'PLAYGROUND_NOT_STARTED';
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const cli = join(
    dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json')),
    'cli.js',
  );
  const args = [cli, '-e', options.botMessagesUrl, '-c', 'msteams', '--disable-telemetry', '-p', String(options.port)];
  const child = spawn(process.execPath, args, { env: options.environment, stdio: ['ignore', 'pipe', 'pipe'] });
  // If this process dies without closing it (a crash, its output pipe closed under it), the Playground must not
  // live on holding its port: 'exit' handlers run on those paths too, and kill() is synchronous.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  try {
    const port = await waitForListening(child, options.startTimeoutMs ?? 30_000);
    const url = `http://localhost:${port}`;
    await waitForPing(url, child);
    return { url, close: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => finish(new PlaygroundStartError('The Agents Playground did not start in time.')),
      timeoutMs,
    );
    const finish = (result: number | Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining its output: a full pipe would block the child.
      child.stdout?.resume();
      child.off('exit', onExit);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const port = /Listening on (\d+)/.exec(output)?.[1];
      if (port !== undefined) finish(Number(port));
    };
    const onExit = (code: number | null) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      finish(
        new PlaygroundStartError(`The Agents Playground stopped at start (exit ${code})${last ? `: ${last}` : '.'}`),
      );
    };
    child.stdout?.on('data', onData);
    // Its own diagnostics are not ours to show; they are in its log file.
    child.stderr?.resume();
    child.on('exit', onExit);
  });
}

async function waitForPing(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (child.exitCode !== null) throw new PlaygroundStartError('The Agents Playground stopped at start.');
    const answer = await fetch(`${url}/_debug/ping`).then(
      (response) => response.text(),
      () => '',
    );
    if (answer.includes('pong')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new PlaygroundStartError('The Agents Playground did not answer at its address.');
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
