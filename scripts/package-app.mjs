// `npm run package [-- --env <name>] [--out <dir>] [--env-file <path>]`: builds the Teams app package
// appPackage/build/appPackage.<env>.zip (manifest.json, color.png, outline.png at the zip root), with the
// manifest's ${{NAME}} placeholders filled from env/.env.<env> (default: local). Problems end the script with
// one sentence and exit code 1. The functions are exported so the tests check the very same code path.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ICON_SIZES = { color: 192, outline: 32 };

export class PackageError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'PackageError';
    this.code = code;
  }
}

/** Reads a dotenv-style file: `NAME=value` lines, `#` comments, optional quotes around a value. */
export function readEnvFile(path) {
  if (!existsSync(path)) {
    throw new PackageError(
      'ENV_FILE_MISSING',
      `The env file ${displayPath(path)} does not exist: create it (env/.env.dev is a template) or pick another --env.`,
    );
  }
  const values = {};
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
      if (match === null) {
        throw new PackageError('ENV_FILE_INVALID', `Line ${index + 1} of ${displayPath(path)} is not NAME=value.`);
      }
      values[match[1]] = unquote(match[2]);
    });
  return values;
}

function unquote(raw) {
  const quoted = /^(["'])(.*)\1$/.exec(raw);
  if (quoted !== null) return quoted[2];
  return raw.replace(/\s+#.*$/, '').trim();
}

/**
 * Replaces every ${{NAME}} in the manifest text with its value, escaped for a JSON string.
 * @throws PackageError naming every placeholder that has no (or an empty) value.
 */
export function fillPlaceholders(text, values, source) {
  const names = [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]))];
  const missing = names.filter((name) => (values[name] ?? '') === '');
  if (missing.length > 0) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    throw new PackageError(
      'PLACEHOLDER_WITHOUT_VALUE',
      `${list} ${missing.length === 1 ? 'has' : 'have'} no value in ${displayPath(source)}: set ${missing.length === 1 ? 'it' : 'them'} there and package again.`,
    );
  }
  return text.replace(PLACEHOLDER, (_, name) => JSON.stringify(values[name]).slice(1, -1));
}

/** The schema bundled with @microsoft/app-manifest for the manifest's `$schema`: read from disk, never fetched. */
export function loadBundledManifestSchema(schemaUrl) {
  const packageDir = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  const prefix = 'https://developer.microsoft.com/json-schemas/';
  const file = typeof schemaUrl === 'string' && schemaUrl.startsWith(prefix) ? schemaUrl.slice(prefix.length) : '';
  const path = join(packageDir, 'json-schemas', file);
  if (file === '' || file.includes('..') || !existsSync(path)) {
    throw new PackageError(
      'SCHEMA_NOT_BUNDLED',
      `The manifest's $schema ${schemaUrl} is not bundled with @microsoft/app-manifest.`,
    );
  }
  // The same clean-up as the package's own loader: some schema files carry \a and \v escapes JSON does not allow.
  return JSON.parse(readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
}

/** Schema errors of a filled manifest (an empty list when it is valid), checked offline. */
export async function validateManifest(manifest) {
  return AppManifestUtils.validateAgainstSchema(manifest, loadBundledManifestSchema(manifest.$schema));
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function readPngSize(bytes) {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.toString('hex', 0, 8) !== signature || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return null;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function readIcon(appPackageDir, kind, file) {
  const path = join(appPackageDir, file);
  if (!existsSync(path)) {
    throw new PackageError('ICON_MISSING', `The ${kind} icon ${displayPath(path)} does not exist.`);
  }
  const bytes = readFileSync(path);
  const size = readPngSize(bytes);
  const expected = ICON_SIZES[kind];
  if (size === null || size.width !== expected || size.height !== expected) {
    throw new PackageError(
      'ICON_WRONG_SIZE',
      `The ${kind} icon ${displayPath(path)} must be a ${expected}×${expected} PNG (run node scripts/make-icons.mjs).`,
    );
  }
  return bytes;
}

/**
 * A zip of deflated entries with a fixed timestamp (1980-01-01), so the same inputs give the same bytes.
 * @param entries - `[name, bytes]` pairs, stored in that order.
 */
export function writeZip(entries) {
  if (typeof zlib.crc32 !== 'function') throw new PackageError('NODE_TOO_OLD', 'Packaging needs Node 20.15 or later.');
  const DOS_DATE = (1 << 5) | 1; // 1980-01-01: years since 1980, month and day packed in 7, 4 and 5 bits
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = zlib.deflateRawSync(data, { level: 9 });
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed: 2.0 (deflate)
    common.writeUInt16LE(0x0800, 2); // names are UTF-8
    common.writeUInt16LE(8, 4); // method: deflate
    common.writeUInt16LE(0, 6); // time 00:00:00
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(zlib.crc32(data), 10);
    common.writeUInt32LE(compressed.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(nameBytes.length, 22);
    common.writeUInt16LE(0, 24); // no extra field
    const local = Buffer.concat([signature(0x04034b50), common, nameBytes, compressed]);
    const central = Buffer.alloc(46);
    signature(0x02014b50).copy(central, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    common.copy(central, 6);
    central.writeUInt32LE(offset, 42); // comment length, disk, attributes stay 0
    centrals.push(Buffer.concat([central, nameBytes]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  signature(0x06054b50).copy(end, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function signature(value) {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value, 0);
  return bytes;
}

/**
 * The translations manifest.localizationInfo names (Learn "Localize your app": `defaultLanguageFile` and one `file`
 * per additional language, relative to the manifest), which ship in the package beside it.
 */
export function languageFiles(manifest) {
  const info = manifest.localizationInfo ?? {};
  const files = [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((language) => language?.file)];
  return files.filter((file) => typeof file === 'string');
}

function readLanguageFile(appPackageDir, file) {
  const path = join(appPackageDir, file);
  if (file.split(/[\\/]/).includes('..') || !existsSync(path)) {
    throw new PackageError(
      'LANGUAGE_FILE_MISSING',
      `The manifest's localizationInfo names ${file}, which is not a file in ${displayPath(appPackageDir)}.`,
    );
  }
  const bytes = readFileSync(path);
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new PackageError('LANGUAGE_FILE_NOT_JSON', `${displayPath(path)} is not valid JSON (${error.message}).`);
  }
  return bytes;
}

/** Builds the package for one environment and returns where it was written. */
export async function packageApp({
  envName = 'local',
  envFile,
  outDir,
  appPackageDir = join(ROOT, 'appPackage'),
} = {}) {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(envName)) {
    throw new PackageError('ENV_NAME_INVALID', `"${envName}" is not an environment name (letters, digits, - and _).`);
  }
  const source = envFile ?? join(ROOT, 'env', `.env.${envName}`);
  const text = fillPlaceholders(
    readFileSync(join(appPackageDir, 'manifest.json'), 'utf8'),
    readEnvFile(source),
    source,
  );
  const manifest = parseManifest(text);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    const first = errors[0].split('. Details:')[0].trim();
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new PackageError(
      'MANIFEST_INVALID',
      `The manifest filled from ${displayPath(source)} breaks its schema: ${first}${more}.`,
    );
  }
  const entries = [
    ['manifest.json', Buffer.from(text, 'utf8')],
    [manifest.icons.color, readIcon(appPackageDir, 'color', manifest.icons.color)],
    [manifest.icons.outline, readIcon(appPackageDir, 'outline', manifest.icons.outline)],
    ...languageFiles(manifest).map((file) => [file, readLanguageFile(appPackageDir, file)]),
  ];
  const target = join(outDir ?? join(appPackageDir, 'build'), `appPackage.${envName}.zip`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, writeZip(entries));
  return target;
}

function parseManifest(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PackageError('MANIFEST_NOT_JSON', `appPackage/manifest.json is not valid JSON (${error.message}).`);
  }
}

function displayPath(path) {
  const fromRoot = relative(ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

function parseArguments(argv) {
  const options = {};
  const names = { '--env': 'envName', '--env-file': 'envFile', '--out': 'outDir' };
  for (let index = 0; index < argv.length; index += 2) {
    const key = names[argv[index]];
    const value = argv[index + 1];
    if (key === undefined || value === undefined || value.startsWith('--')) {
      throw new PackageError(
        'USAGE',
        `Usage: npm run package -- [--env <name>] [--out <dir>] [--env-file <path>] (could not read "${argv[index]}").`,
      );
    }
    options[key] = value;
  }
  return options;
}

async function main() {
  try {
    const target = await packageApp(parseArguments(process.argv.slice(2)));
    console.log(`Wrote ${displayPath(target)}.`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
