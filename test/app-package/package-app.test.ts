import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from './zip.ts';
import { importPackageScript, ROOT, runNodeScript, type PackageScript } from './package-script.ts';

const SCRIPT = 'scripts/package-app.mjs';
const LOCAL_ENV = readFileSync(join(ROOT, 'env', '.env.local'), 'utf8');

function assertOneSentence(stderr: string, ...mentions: string[]): void {
  const message = stderr.trim();
  assert.equal(message.split('\n').length, 1, `more than one line: ${message}`);
  assert.match(message, /^[A-Z$].*\.$/);
  for (const mention of mentions) assert.ok(message.includes(mention), `"${message}" does not name ${mention}`);
}

describe('npm run package', () => {
  let dir: string;
  let script: PackageScript;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'app-package-'));
    script = await importPackageScript();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function writeEnv(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('writes a zip holding exactly manifest.json and the two icons, with every placeholder filled', async () => {
    const out = join(dir, 'local');
    const run = await runNodeScript(SCRIPT, ['--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const entries = readZip(readFileSync(join(out, 'appPackage.local.zip')));
    assert.deepEqual(
      entries.map((entry) => entry.name),
      ['manifest.json', 'color.png', 'outline.png'],
    );
    const text = entries[0]!.data.toString('utf8');
    assert.ok(!text.includes('${{'), 'a placeholder is left in the packaged manifest');
    const env = script.readEnvFile(join(ROOT, 'env', '.env.local'));
    const manifest = JSON.parse(text) as { id: string; bots: { botId: string }[]; name: { short: string } };
    assert.equal(manifest.id, env.TEAMS_APP_ID);
    assert.equal(manifest.bots[0]?.botId, env.BOT_ID);
    assert.equal(manifest.name.short, 'Mailbox Recovery (local)');
    for (const entry of entries.slice(1)) {
      assert.ok(entry.data.equals(readFileSync(join(ROOT, 'appPackage', entry.name))), `${entry.name} changed`);
    }
  });

  it('builds the same bytes from the same inputs', async () => {
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    assert.equal((await runNodeScript(SCRIPT, ['--out', first])).code, 0);
    assert.equal((await runNodeScript(SCRIPT, ['--out', second])).code, 0);
    const zip = (folder: string): Buffer => readFileSync(join(folder, 'appPackage.local.zip'));
    assert.ok(zip(first).equals(zip(second)));
  });

  it('refuses, in one sentence naming it, a placeholder the env file gives no value', async () => {
    const envFile = writeEnv('.env.no-bot', LOCAL_ENV.replace(/^BOT_ID=.*$/m, 'BOT_ID='));
    const out = join(dir, 'no-bot');
    const run = await runNodeScript(SCRIPT, ['--env-file', envFile, '--out', out]);
    assert.equal(run.code, 1);
    assertOneSentence(run.stderr, 'BOT_ID');
    assert.ok(!run.stderr.includes('TEAMS_APP_ID'));
    assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'a package was written anyway');
  });

  it('refuses the committed dev template until its ids are filled in, naming each of them', async () => {
    const run = await runNodeScript(SCRIPT, ['--env', 'dev', '--out', join(dir, 'dev')]);
    assert.equal(run.code, 1);
    assertOneSentence(run.stderr, 'TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'env/.env.dev');
  });

  it('refuses a value that breaks the manifest schema, naming the field', async () => {
    const envFile = writeEnv('.env.bad-id', LOCAL_ENV.replace(/^TEAMS_APP_ID=.*$/m, 'TEAMS_APP_ID=my-app'));
    const run = await runNodeScript(SCRIPT, ['--env-file', envFile, '--out', join(dir, 'bad-id')]);
    assert.equal(run.code, 1);
    assertOneSentence(run.stderr, '/id');
  });

  it('refuses an environment that has no env file', async () => {
    const run = await runNodeScript(SCRIPT, ['--env', 'staging', '--out', join(dir, 'staging')]);
    assert.equal(run.code, 1);
    assertOneSentence(run.stderr, 'env/.env.staging');
  });
});

describe('filling placeholders', () => {
  let script: PackageScript;
  before(async () => {
    script = await importPackageScript();
  });

  it('keeps the manifest valid JSON when a value holds quotes or backslashes', () => {
    const filled = script.fillPlaceholders('{"name": "${{ NAME }}"}', { NAME: 'a "b" \\ c' }, 'env/.env.test');
    assert.deepEqual(JSON.parse(filled), { name: 'a "b" \\ c' });
  });

  it('reads quoted values, inline comments and export lines from an env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    try {
      const path = join(dir, '.env.test');
      writeFileSync(path, '# a comment\nA="quoted # kept"\nB=plain # dropped\nexport C=exported\nD=\n');
      assert.deepEqual(script.readEnvFile(path), { A: 'quoted # kept', B: 'plain', C: 'exported', D: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('translations in the app package (localizationInfo)', () => {
  interface LocalizingScript {
    packageApp(options: { envFile: string; outDir: string; appPackageDir: string }): Promise<string>;
  }
  let dir: string;
  let script: LocalizingScript;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'app-package-languages-'));
    script = (await import(new URL(`../../${SCRIPT}`, import.meta.url).href)) as LocalizingScript;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of appPackage/ whose manifest lists one more language, with or without its file. */
  function appPackageWithLanguage(name: string, languageFile: string | null): string {
    const copy = join(dir, name);
    cpSync(join(ROOT, 'appPackage'), copy, { recursive: true, filter: (path) => !path.includes('build') });
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as {
      localizationInfo: { additionalLanguages: { languageTag: string; file: string }[] };
    };
    manifest.localizationInfo.additionalLanguages.push({ languageTag: 'de-de', file: 'de-de.json' });
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest, null, 2));
    if (languageFile !== null) writeFileSync(join(copy, 'de-de.json'), languageFile);
    return copy;
  }

  it('ships each language file the manifest names, beside the manifest', async () => {
    const translation = JSON.stringify({ 'name.short': 'Postfach-Wiederherstellung' });
    const appPackageDir = appPackageWithLanguage('with-file', translation);
    const zip = await script.packageApp({
      envFile: join(ROOT, 'env', '.env.local'),
      outDir: join(dir, 'out'),
      appPackageDir,
    });
    const entries = readZip(readFileSync(zip));
    assert.deepEqual(
      entries.map((entry) => entry.name),
      ['manifest.json', 'color.png', 'outline.png', 'de-de.json'],
    );
    assert.equal(entries[3]!.data.toString('utf8'), translation);
  });

  it('refuses, naming it, a language file the manifest names but the folder lacks', async () => {
    const appPackageDir = appPackageWithLanguage('without-file', null);
    await assert.rejects(
      script.packageApp({ envFile: join(ROOT, 'env', '.env.local'), outDir: join(dir, 'out-missing'), appPackageDir }),
      { code: 'LANGUAGE_FILE_MISSING', message: /names de-de\.json, which is not a file in / },
    );
  });
});
