import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './package-script.ts';

const ENV_FILES = ['env/.env.local', 'env/.env.dev'];
const CONFIG_SOURCE = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');
/** Every UPPER_SNAKE string literal in src/config.ts is a variable it reads. */
const SETTINGS = [...new Set([...CONFIG_SOURCE.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map((m) => m[1]!))];

describe('the committed env files', () => {
  it('find settings to check in src/config.ts', () => {
    assert.ok(SETTINGS.includes('DATA_DIR') && SETTINGS.includes('BULK_BATCH_SIZE'), SETTINGS.join(', '));
  });

  for (const file of ENV_FILES) {
    const text = readFileSync(join(ROOT, file), 'utf8');

    it(`${file} documents every setting src/config.ts reads`, () => {
      const undocumented = SETTINGS.filter((name) =>
        name.startsWith('SECRET_') ? !text.includes(name) : !new RegExp(`^#? ?${name}=`, 'm').test(text),
      );
      assert.deepEqual(undocumented, []);
    });

    it(`${file} holds no secret: SECRET_* values live in the git-ignored .user file`, () => {
      assert.deepEqual(text.match(/^\s*(export\s+)?SECRET_\w*\s*=.*$/gm) ?? [], []);
    });
  }
});
