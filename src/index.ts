/**
 * Composition root of `npm start`: reads the configuration and starts the Teams bot (src/wiring/start-bot.ts)
 * against the configured tenant, or in sandbox mode against an in-process sandbox tenant. Start-up refusals
 * are one sentence; SIGTERM / SIGINT close it gracefully.
 */
import { join } from 'node:path';
import { playgroundEnvironment, readConfigFromEnvironment, type AppConfig } from './config.ts';
import { startPlayground } from './wiring/playground.ts';
import { closeOnSignals } from './wiring/shutdown-signals.ts';
import { startBot } from './wiring/start-bot.ts';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = readConfigFromEnvironment();
  } catch (error) {
    fail(error);
    return;
  }
  const log = (line: string): void => console.log(line);
  try {
    const bot = await startBot(config, { log });
    console.log(`Mailbox Recovery Bot is running (${config.bot.sandbox ? 'sandbox mode' : 'real tenant'}).
  messages: ${bot.messagesUrl}
  health:   ${bot.healthUrl}
  tenant:   ${bot.tenant}
  data dir: ${config.dataDir}`);
    let closePlayground = async (): Promise<void> => undefined;
    if (config.playground !== null) {
      const playground = await startPlayground({
        botMessagesUrl: bot.messagesUrl,
        port: config.playground.port,
        environment: playgroundEnvironment(join(config.dataDir, 'playground.log')),
      }).catch(async (error: unknown) => {
        await bot.close();
        throw error;
      });
      closePlayground = () => playground.close();
      const port = Number(new URL(playground.url).port);
      if (config.playground.port !== 0 && port !== config.playground.port) {
        console.log(
          `Port ${config.playground.port} was taken, so the Playground chose ${port} (set PLAYGROUND_PORT to pick one).`,
        );
      }
      console.log(`
Open ${playground.url} (the Agents Playground, a local Teams client) and type in the chat:
  sample recovery    a recovery file of three inactive mailboxes: read the card, then Submit and Approve
  find walker        look up inactive mailboxes by name or address
  help               everything else`);
    }
    console.log('Stop with Ctrl+C; running rows reach a checkpoint first.');
    closeOnSignals(async () => {
      await closePlayground();
      await bot.close();
    }, log);
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  // Expected refusals carry one sentence; anything else is shown without its stack.
  console.error(error instanceof Error ? error.message : 'The bot could not start.');
  process.exitCode = 1;
}

await main();
