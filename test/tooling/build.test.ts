/**
 * `npm run build` (scripts/build.mjs) is what production runs: the bot compiled into dist/ and started with plain
 * `node dist/index.js` — no tsx, no TypeScript. Built here into a temporary folder laid out as the App Service's
 * wwwroot is (package.json, node_modules, dist/), then started in sandbox mode on a free port.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface BuildScript {
  build(options: { outDir: string }): string;
  RUNTIME_ASSETS: string[];
}

const script = (await import(new URL('../../scripts/build.mjs', import.meta.url).href)) as BuildScript;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('the production build (npm run build)', () => {
  let site: string;
  let dist: string;

  before(async () => {
    site = await mkdtemp(join(tmpdir(), 'mrb-build-'));
    await copyFile(join(ROOT, 'package.json'), join(site, 'package.json')); // "type": "module" for dist/*.js
    await symlink(join(ROOT, 'node_modules'), join(site, 'node_modules'), 'dir');
    dist = script.build({ outDir: join(site, 'dist') });
  });

  after(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it('writes JavaScript whose relative imports all name .js files, with no TypeScript left', async () => {
    const files = await listFiles(dist);
    assert.ok(
      files.some((file) => file.endsWith(join('dist', 'index.js'))),
      'dist/index.js',
    );
    assert.deepEqual(
      files.filter((file) => file.endsWith('.ts')),
      [],
    );
    const tsImports: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
        if (!match[1]!.endsWith('.js') && !match[1]!.endsWith('.json')) tsImports.push(`${file}: ${match[1]}`);
      }
    }
    assert.deepEqual(tsImports, []);
  });

  it('copies every file the bot reads at run time: card templates, CSV samples, the sandbox fixture', async () => {
    for (const folder of script.RUNTIME_ASSETS) {
      const source = (await readdir(join(ROOT, 'src', folder))).sort();
      assert.ok(source.length > 0, folder);
      assert.deepEqual((await readdir(join(dist, folder))).sort(), source, folder);
    }
  });

  it('refuses to empty a folder that is not named dist', () => {
    assert.throws(() => script.build({ outDir: site }), /The build folder must be named dist/);
  });

  it('starts with `node dist/index.js` alone: /healthz is ok, a bundled sample is served, SIGTERM stops it', async () => {
    const dataDir = join(site, 'data');
    const child: ChildProcess = spawn(process.execPath, [join(dist, 'index.js')], {
      cwd: site,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        PORT: '0',
        PLAYGROUND: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (
        let waited = 0;
        !output.includes('Stop with Ctrl+C') && child.exitCode === null && waited < 60_000;
        waited += 100
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const health = /health: +(http:\/\/\S+)/.exec(output)?.[1];
      assert.ok(health, output);
      assert.match(output, /tenant: +sandbox tenant /);
      assert.deepEqual(await (await fetch(health)).json(), { status: 'ok', dataDir: 'writable', tenant: 'reachable' });
      const sample = await fetch(new URL('/sandbox/files/recovery.csv', health));
      assert.equal(sample.status, 200);
      assert.equal(await sample.text(), await readFile(join(ROOT, 'src', 'bot', 'samples', 'recovery.csv'), 'utf8'));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
