// Runs every *.test.ts under the given folders with node's test runner, TypeScript through tsx.
// Node 20's --test does not expand globs itself, so we list the files here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function listTests(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : listTests(path);
      return name.endsWith('.test.ts') ? [path] : [];
    });
}

const roots = process.argv.slice(2);
const files = (roots.length > 0 ? roots : ['test']).flatMap(listTests);
if (files.length === 0) {
  console.error(`No test files under ${roots.join(', ')}.`);
  process.exit(1);
}
// A hung test (a server left open, a promise never settled) fails after two minutes instead of stalling CI.
const options = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000'];
const result = spawnSync(process.execPath, [...options, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
