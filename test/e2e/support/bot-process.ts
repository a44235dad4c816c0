/**
 * The bot as `npm start` runs it (`node --import tsx src/index.ts`), as its own process with the settings a test
 * gives it, so that a test can SIGKILL it and start it again: a fixed PORT and DATA_DIR make the restarted bot
 * the same bot (same messages URL for the Playground, same jobs, same link key).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface BotProcess {
  /** Everything it printed. */
  output(): string;
  /** SIGKILL, as a crash or an out-of-memory kill would: no checkpoint, no flush, the lock left behind. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop (running rows reach a checkpoint). */
  stop(): Promise<void>;
}

/** Starts the bot and resolves once it says it is running (jobs a kill interrupted are resumed by then). */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    // Only what it needs: the test's own environment must not leak a tenant or a setting into the bot.
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The test process may end on a failed assertion first: the bot must not outlive it holding its port.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  await waitForOutput(child, () => output, /Stop with Ctrl\+C/, timeoutMs);
  const end = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { output: () => output, kill: end('SIGKILL'), stop: end('SIGTERM') };
}

async function waitForOutput(child: ChildProcess, output: () => string, ready: RegExp, timeoutMs: number) {
  for (let waited = 0; !ready.test(output()); waited += 50) {
    if (child.exitCode !== null || waited > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`The bot did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
