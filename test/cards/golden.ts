/**
 * Golden files for rendered cards. `UPDATE_GOLDEN=1 node --import tsx --test test/cards/…` rewrites them
 * (formatted as the repository's Prettier would); otherwise a card must equal its file exactly.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

const GOLDEN_DIR = new URL('./golden/', import.meta.url);

export async function assertMatchesGolden(name: string, card: unknown): Promise<void> {
  const file = new URL(`${name}.json`, GOLDEN_DIR);
  if (process.env.UPDATE_GOLDEN === '1') {
    const options = await resolveConfig(file);
    const text = await format(JSON.stringify(card), { ...options, filepath: file.pathname });
    await writeFile(file, text);
    return;
  }
  assert.ok(existsSync(file), `No golden file for "${name}": run the test with UPDATE_GOLDEN=1 and review it.`);
  const expected: unknown = JSON.parse(await readFile(file, 'utf8'));
  assert.deepEqual(card, expected, `The "${name}" card differs from test/cards/golden/${name}.json.`);
}
