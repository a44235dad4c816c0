/**
 * The crash tests at a size too slow for `npm test`, each against a sandbox in its own process:
 * - the CLI (test/cli/crash-resume.test.ts): CRASH_ROWS rows (default 120), SIGKILLed CRASH_KILLS times (default
 *   12) at random moments, resumed as the CLI says each time;
 * - the bot (test/e2e/bot-crash-resume.test.ts), driven through the Agents Playground: BOT_CRASH_ROWS rows
 *   (default 40), SIGKILLed BOT_CRASH_KILLS times (default 10), resuming the job each time it starts.
 * Prints what the tests assert: every step of every row exactly once, results complete, audit trail intact.
 * `npm run bench crash-resume`; CRASH_SEED moves the kills of both.
 */
import { spawnSync } from 'node:child_process';

const seed = process.env['CRASH_SEED'] ?? '29';
const variants = [
  {
    name: 'cli',
    test: 'test/cli/crash-resume.test.ts',
    rows: process.env['CRASH_ROWS'] ?? '120',
    kills: process.env['CRASH_KILLS'] ?? '12',
  },
  {
    name: 'bot',
    test: 'test/e2e/bot-crash-resume.test.ts',
    rows: process.env['BOT_CRASH_ROWS'] ?? '40',
    kills: process.env['BOT_CRASH_KILLS'] ?? '10',
  },
];

let failed = 0;
for (const { name, test, rows, kills } of variants) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', test], {
    env: { ...process.env, CRASH_ROWS: rows, CRASH_KILLS: kills, CRASH_SEED: seed },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  const summary = /killed \d+ times[^\n]*/.exec(run.stdout)?.[0] ?? '(no summary)';
  const passed = run.status === 0;
  console.log(
    `crash-resume (${name}): ${rows} rows, ${kills} SIGKILLs: ${passed ? 'every step exactly once' : 'FAILED'} ` +
      `in ${seconds.toFixed(1)} s (${(Number(rows) / seconds).toFixed(2)} rows/s including the restarts)`,
  );
  console.log(`  ${summary}`);
  if (!passed) {
    console.log(run.stdout.slice(-3000));
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
