/** SIGTERM / SIGINT close the bot gracefully once; a second signal while closing stops at once. */
export function closeOnSignals(close: () => Promise<void>, log: (line: string) => void): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      log(`${signal} again: stopping without waiting.`);
      process.exit(1);
    }
    closing = true;
    log(`${signal}: finishing running rows and closing the stores…`);
    close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        log(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
