// Runs every *.test.ts under the given folders with node's test runner, TypeScript through tsx.
// Node 20's --test does not expand globs itself, so we list the files here.
//
// A suite that needs something npm cannot install (Chromium, for the UI tests) is not run when it is missing, and
// the run says so first and last, naming the suite, what it needs and how to get it: a fresh machine gets every
// other test and one clear line instead of a stack. With --require-all, or MRB_REQUIRE_ALL_SUITES=1 in the
// environment (.ci/run sets it), it fails instead: CI must never pass with a suite left out.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What some suites need besides `npm install`. `path` is checked for existence; `folder` is relative to the root. */
export const SUITE_REQUIREMENTS = [
  {
    folder: 'test/e2e/ui',
    path: '/usr/bin/chromium',
    what: "Debian's Chromium (the UI tests drive the Agents Playground page in it)",
    fix: 'apt-get install -y chromium, or run .ci/run, which installs it',
  },
];

export function listTests(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : listTests(path);
      return name.endsWith('.test.ts') ? [path] : [];
    });
}

/**
 * Splits test files into those that can run and the suites that cannot, with the sentence that says why.
 * @param exists - how a required path is checked (tests pass their own)
 */
export function planTests(files, { root = process.cwd(), exists = existsSync } = {}) {
  const missing = SUITE_REQUIREMENTS.filter((requirement) => !exists(requirement.path));
  const inSuite = (file, requirement) => {
    const path = relative(root, file).split(sep).join('/');
    return path === requirement.folder || path.startsWith(`${requirement.folder}/`);
  };
  const notRun = missing
    .map((requirement) => ({ requirement, files: files.filter((file) => inSuite(file, requirement)) }))
    .filter((suite) => suite.files.length > 0)
    .map(
      ({ requirement, files: skipped }) =>
        `Not run: ${requirement.folder} (${skipped.length} file${skipped.length === 1 ? '' : 's'}) needs ` +
        `${requirement.what} at ${requirement.path}, which is missing: ${requirement.fix}.`,
    );
  const run = files.filter((file) => !missing.some((requirement) => inSuite(file, requirement)));
  return { run, notRun };
}

function main(argv) {
  const requireAll = argv.includes('--require-all') || process.env.MRB_REQUIRE_ALL_SUITES === '1';
  const roots = argv.filter((arg) => arg !== '--require-all');
  const files = (roots.length > 0 ? roots : ['test']).flatMap(listTests);
  if (files.length === 0) {
    console.error(`No test files under ${roots.join(', ')}.`);
    return 1;
  }
  const { run, notRun } = planTests(files);
  for (const line of notRun) console.error(line);
  if (notRun.length > 0 && requireAll) {
    console.error('--require-all: every suite must run here, so nothing was run.');
    return 1;
  }
  if (run.length === 0) return notRun.length > 0 ? 0 : 1;
  // A hung test (a server left open, a promise never settled) fails after two minutes instead of stalling CI.
  const options = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000'];
  const result = spawnSync(process.execPath, [...options, ...run], { stdio: 'inherit' });
  // Repeated after the results, where a reader looks.
  for (const line of notRun) console.error(line);
  return result.status ?? 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main(process.argv.slice(2)));
}
