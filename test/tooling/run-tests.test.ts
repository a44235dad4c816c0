/**
 * scripts/run-tests.mjs on a machine that lacks what a suite needs besides `npm install`: every other test runs,
 * and the run names the suite it left out, what it needs and how to get it — unless every suite is required (CI).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from '../e2e/support/browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Requirement {
  folder: string;
  path: string;
  what: string;
  fix: string;
}

interface RunTestsScript {
  SUITE_REQUIREMENTS: Requirement[];
  listTests(dir: string): string[];
  planTests(
    files: string[],
    options: { root: string; exists: (path: string) => boolean },
  ): {
    run: string[];
    notRun: string[];
  };
}

const script = (await import(new URL('../../scripts/run-tests.mjs', import.meta.url).href)) as RunTestsScript;
const allFiles = script.listTests(join(ROOT, 'test'));
const uiFiles = allFiles.filter((file) => file.includes(join('test', 'e2e', 'ui')));

describe('the test runner (scripts/run-tests.mjs)', () => {
  it('finds the UI suite and the other tests', () => {
    assert.ok(uiFiles.length > 0, 'test/e2e/ui has tests');
    assert.ok(allFiles.length > uiFiles.length + 50, `${allFiles.length} test files`);
  });

  it('runs every other test without Chromium, and names the suite left out, what it needs and how to get it', () => {
    const plan = script.planTests(allFiles, { root: ROOT, exists: () => false });
    assert.deepEqual(
      plan.run,
      allFiles.filter((file) => !uiFiles.includes(file)),
    );
    assert.equal(plan.notRun.length, 1);
    const [line = ''] = plan.notRun;
    assert.match(
      line,
      /^Not run: test\/e2e\/ui \(\d+ files?\) needs .*Chromium.* at \/usr\/bin\/chromium, which is missing: /,
    );
    assert.match(line, /apt-get install -y chromium/);
    assert.match(line, /\.$/);
  });

  it('runs everything, and reports nothing, when Chromium is there', () => {
    const plan = script.planTests(allFiles, { root: ROOT, exists: () => true });
    assert.deepEqual(plan, { run: allFiles, notRun: [] });
  });

  it("checks for Chromium where the UI tests launch it, which is where .ci/run's apt-get puts it", () => {
    const chromium = script.SUITE_REQUIREMENTS.find((requirement) => requirement.folder === 'test/e2e/ui');
    assert.equal(chromium?.path, CHROMIUM_PATH);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    assert.match(ci, new RegExp(`if \\[ ! -x ${CHROMIUM_PATH.replaceAll('/', '\\/')} \\]`));
    assert.match(ci, /apt-get install -y chromium/);
    assert.match(ci, /^MRB_REQUIRE_ALL_SUITES=1 npm test$/m);
  });

  it('fails, running nothing, when every suite is required and one cannot run', (t) => {
    if (script.SUITE_REQUIREMENTS.every((requirement) => spawnSync('test', ['-e', requirement.path]).status === 0)) {
      t.skip('every requirement is installed here');
      return;
    }
    const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'test/e2e/ui'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', MRB_REQUIRE_ALL_SUITES: '1' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^Not run: test\/e2e\/ui /m);
    assert.match(run.stderr, /nothing was run/);
  });
});
