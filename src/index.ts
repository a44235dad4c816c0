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

What works today (F=test/fixtures/tenant/default-tenant.json, a simulated tenant):
  npx mailbox-recovery template recovery --out recovery.csv      a CSV template to fill in
  npx mailbox-recovery validate recovery.csv --tenant-fixture $F check a CSV row by row, and against the tenant
  npx mailbox-recovery run recovery.csv --tenant-fixture $F      run the whole job, write the results CSV
  npx mailbox-recovery doctor --tenant-fixture $F                check a tenant's permissions read-only
  npx mailbox-recovery audit verify                              check the audit trail
  npm run sandbox                                                the simulated Exchange Online + Graph tenant
The README's "Try it without a tenant" walks through it.
`);
  return 0;
}

process.exitCode = main();
