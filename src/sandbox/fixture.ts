/** The sandbox tenant's fixture: its types, a loader that validates, and the deterministic generator. */
import { readFile } from 'node:fs/promises';
import type { TenantFixture } from './fixture-types.ts';
import { FixtureError, validateTenantFixture } from './fixture-validation.ts';

export type * from './fixture-types.ts';
export { FixtureError, validateTenantFixture } from './fixture-validation.ts';
export { generateTenantFixture, type GenerateTenantFixtureOptions } from './fixture-generator.ts';

/** Reads a fixture JSON file and checks its shape; a FixtureError names every field that is wrong. */
export async function loadTenantFixture(path: string): Promise<TenantFixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FixtureError(path, [`cannot be read: ${(error as Error).message}`], { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(path, [`is not JSON: ${(error as Error).message}`], { cause: error });
  }
  return validateTenantFixture(value, path);
}
