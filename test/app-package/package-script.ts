import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The functions scripts/package-app.mjs exports, typed here because the script is plain JavaScript. */
export interface PackageScript {
  readEnvFile(path: string): Record<string, string>;
  fillPlaceholders(text: string, values: Record<string, string>, source: string): string;
  loadBundledManifestSchema(schemaUrl: string): unknown;
  readPngSize(bytes: Buffer): { width: number; height: number } | null;
}

export async function importPackageScript(): Promise<PackageScript> {
  const url = new URL('../../scripts/package-app.mjs', import.meta.url).href;
  return (await import(url)) as PackageScript;
}

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the repository's node scripts the way `npm run` would, from the repository root. */
export function runNodeScript(script: string, args: string[]): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}
