/**
 * A fresh clone's `npm install` must leave package-lock.json as committed: npm rewrites the lock file whenever its
 * root entry disagrees with package.json (dependencies, engines, bin, …), which then shows up as a change nobody made.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  bin?: Record<string, string>;
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  name: string;
  version: string;
  lockfileVersion: number;
  packages: Record<string, Manifest & { dev?: boolean }>;
};

describe('package-lock.json', () => {
  it('has a root entry that says what package.json says, so npm install has nothing to rewrite', () => {
    const root = lock.packages[''];
    assert.ok(root, 'a root entry');
    const fields = ['name', 'version', 'dependencies', 'devDependencies', 'engines', 'bin'] as const;
    const pick = (manifest: Manifest): Record<string, unknown> =>
      Object.fromEntries(fields.map((field) => [field, manifest[field]]));
    assert.deepEqual(pick(root), pick(packageJson));
    assert.equal(lock.name, packageJson.name);
    assert.equal(lock.version, packageJson.version);
    assert.equal(lock.lockfileVersion, 3);
  });

  it('locks each direct dependency at the exact version package.json pins, production ones outside the dev tree', () => {
    const wrong: string[] = [];
    for (const [group, isDev] of [
      [packageJson.dependencies ?? {}, false],
      [packageJson.devDependencies ?? {}, true],
    ] as const) {
      for (const [name, version] of Object.entries(group)) {
        const entry = lock.packages[`node_modules/${name}`];
        // A devDependency another package also needs is not marked dev; a dependency never is.
        if (entry?.version !== version || (!isDev && entry.dev === true)) wrong.push(`${name}@${version}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
