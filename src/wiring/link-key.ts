/**
 * The key that signs `/files/:token` links. A configured `SECRET_LINK_SIGNING_KEY` wins; the sandbox otherwise
 * keeps a generated key in `<dataDir>/.link-key` (mode 0600), so links survive a restart. The key is never logged.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../operations/bulk-config.ts';

const KEY_FILE = '.link-key';
const MIN_KEY_BYTES = 32;

export async function loadLinkSigningKey(options: {
  configured: string | undefined;
  dataDir: string;
  sandbox: boolean;
}): Promise<Uint8Array> {
  if (options.configured !== undefined) return new Uint8Array(Buffer.from(options.configured, 'utf8'));
  if (!options.sandbox) {
    throw new ConfigError('SECRET_LINK_SIGNING_KEY', 'SECRET_LINK_SIGNING_KEY must be set for a real tenant.');
  }
  const path = join(options.dataDir, KEY_FILE);
  const stored = await readStoredKey(path);
  if (stored !== null) return stored;
  const key = randomBytes(48);
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600 });
  // The umask may have widened nothing, but a pre-existing empty file keeps its old mode.
  await chmod(path, 0o600);
  return new Uint8Array(key);
}

async function readStoredKey(path: string): Promise<Uint8Array | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const key = Buffer.from(text.trim(), 'base64');
  // A truncated or hand-edited file is replaced: links signed with it are lost, nothing else.
  return key.byteLength >= MIN_KEY_BYTES ? new Uint8Array(key) : null;
}
