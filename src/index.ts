/**
 * Composition root of `npm start`: reads the configuration and starts the Teams bot (src/wiring/start-bot.ts)
 * against the configured tenant, or in sandbox mode against an in-process sandbox tenant. Start-up refusals
 * are one sentence; SIGTERM / SIGINT close it gracefully.
 */
import { createBot } from './bot/create-bot.ts';
import { readConfigFromEnvironment, type AppConfig } from './config.ts';
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
    const bot = await startBot(config, { createBot, log });
    console.log(`Mailbox Recovery Bot is running (${config.bot.sandbox ? 'sandbox mode' : 'real tenant'}).
  messages: ${bot.messagesUrl}
  health:   ${bot.healthUrl}
  tenant:   ${bot.tenant}
  data dir: ${config.dataDir}
Stop with Ctrl+C; running rows reach a checkpoint first.`);
    closeOnSignals(() => bot.close(), log);
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
