/**
 * The crash test of test/cli/crash-resume.test.ts at a size too slow for `npm test`: a recovery of CRASH_ROWS
 * rows (default 120) through the CLI, SIGKILLed CRASH_KILLS times (default 12) at random moments against a
 * sandbox in its own process, resumed as the CLI says each time. Prints what the test asserts: every step of
 * every row exactly once, results complete, audit trail intact.
 */
import { spawnSync } from 'node:child_process';

const rows = process.env['CRASH_ROWS'] ?? '120';
const kills = process.env['CRASH_KILLS'] ?? '12';
const started = performance.now();
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/cli/crash-resume.test.ts'], {
  env: { ...process.env, CRASH_ROWS: rows, CRASH_KILLS: kills, CRASH_SEED: process.env['CRASH_SEED'] ?? '29' },
  encoding: 'utf8',
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const summary = /killed \d+ times; \d+ row\(s\) found in progress[^\n]*/.exec(run.stdout)?.[0] ?? '(no summary)';
const passed = run.status === 0;
console.log(
  `crash-resume: ${rows} rows, ${kills} SIGKILLs: ${passed ? 'every step exactly once' : 'FAILED'} in ${seconds} s`,
);
console.log(`  ${summary}`);
if (!passed) console.log(run.stdout.slice(-3000));
process.exit(passed ? 0 : 1);
