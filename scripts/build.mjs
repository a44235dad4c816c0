// `npm run build [-- --out <dir>]`: compiles src/ to JavaScript (tsconfig.build.json) into dist/, or <dir>, and
// copies beside it the files the bot reads at run time, so that production runs `node dist/index.js` with neither
// tsx nor TypeScript. The folder is emptied first, so no file of an older build ships. Refusals are one sentence.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Folders of src/ read from disk at run time (relative to import.meta.url): tsc emits only the JSON files that are
 * imported, so these are copied whole.
 */
export const RUNTIME_ASSETS = ['bot/samples', 'sandbox/fixtures', 'cards/templates'];

/** Builds into `outDir` (default dist/) and returns it. */
export function build({ outDir = join(ROOT, 'dist') } = {}) {
  const target = resolve(outDir);
  // The folder is deleted before the build: only a folder named dist, never the project itself, is accepted.
  if (basename(target) !== 'dist' || target === ROOT) {
    throw new Error(`The build folder must be named dist (got ${outDir}): it is emptied before each build.`);
  }
  rmSync(target, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', target], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('TypeScript could not compile src/ (its errors are above).');
  for (const folder of RUNTIME_ASSETS) {
    const from = join(ROOT, 'src', folder);
    if (!existsSync(from)) throw new Error(`src/${folder} is missing: the bot reads it at run time.`);
    cpSync(from, join(target, folder), { recursive: true });
  }
  return target;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  try {
    if (args.length > 0 && (outIndex !== 0 || args.length !== 2)) {
      throw new Error('Usage: npm run build [-- --out <folder named dist>].');
    }
    const target = build(outIndex === 0 ? { outDir: args[1] } : {});
    console.log(`Built ${target}: start it with node ${join(target, 'index.js')}.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
