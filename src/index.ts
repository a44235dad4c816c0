/**
 * Composition root. The Teams bot (issue 4) and the one-command sandbox with the Agents Playground (issue 5)
 * are not built yet; until then `npm start` says so, checks the configuration, and points at what works today.
 */
import { describeConfig, readConfigFromEnvironment } from './config.ts';

function main(): number {
  let summary: string;
  try {
    summary = describeConfig(readConfigFromEnvironment());
  } catch (error) {
    console.error(error instanceof Error ? error.message : 'The configuration could not be read.');
    return 1;
  }
  console.log(`Mailbox Recovery Bot — the Teams bot is not yet available (${summary}).

What works today:
  npx mailbox-recovery template recovery --out recovery.csv    a CSV template to fill in
  npx mailbox-recovery validate recovery.csv                   check a CSV row by row
  npx mailbox-recovery audit verify                            check the audit trail
  npm run sandbox                                              the simulated Exchange Online + Graph tenant
`);
  return 0;
}

process.exitCode = main();
