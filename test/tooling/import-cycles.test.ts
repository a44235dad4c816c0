import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findImportCycles, readImportGraph } from './import-graph.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('import circles', () => {
  it('has none anywhere in src/, type-only imports included', () => {
    const cycles = findImportCycles(readImportGraph(join(ROOT, 'src'), ROOT));
    assert.deepEqual(
      cycles,
      [],
      `files that import each other in a circle:\n${cycles.map((cycle) => `  ${cycle.join(' → ')}`).join('\n')}`,
    );
  });

  it('finds a circle made only of `import type`, through a folder, and leaves a tree alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-cycles-'));
    try {
      await mkdir(join(dir, 'src', 'bot'), { recursive: true });
      await writeFile(join(dir, 'src', 'bot', 'a.ts'), "import type { B } from './inner/b.ts';\nexport type A = B;\n");
      await mkdir(join(dir, 'src', 'bot', 'inner'));
      await writeFile(join(dir, 'src', 'bot', 'inner', 'b.ts'), "export type { A as B } from '../a.ts';\n");
      await writeFile(join(dir, 'src', 'leaf.ts'), "import { x } from 'node:fs';\nexport const y = x;\n");
      await writeFile(join(dir, 'src', 'root.ts'), "const m = await import('./leaf.ts');\nexport default m;\n");
      assert.deepEqual(findImportCycles(readImportGraph(join(dir, 'src'), dir)), [
        ['src/bot/a.ts', 'src/bot/inner/b.ts'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
