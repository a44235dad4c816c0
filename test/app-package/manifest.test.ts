import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { importPackageScript, ROOT, type PackageScript } from './package-script.ts';

interface CommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  localizationInfo?: { defaultLanguageTag: string; additionalLanguages?: { languageTag: string; file: string }[] };
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  bots: { botId: string; scopes: string[]; supportsFiles?: boolean; commandLists?: CommandList[] }[];
  validDomains?: string[];
  webApplicationInfo?: unknown;
}

const COMMAND_ROUTER = readFileSync(join(ROOT, 'src', 'bot', 'handlers', 'commands.ts'), 'utf8');
/**
 * The words the bot's command router answers (src/bot/handlers/commands.ts, one `case '<word>':` each), so that a
 * command added there without a menu entry fails here. `notify` is typed as "notify here"; `help` is what its
 * `default:` answers (the help card), so any other text, "help" included, gets it.
 */
const BOT_COMMANDS = [
  ...(/^\s+default:\n\s+return renderWelcomeCard\(/m.test(COMMAND_ROUTER) ? ['help'] : []),
  ...[...COMMAND_ROUTER.matchAll(/^\s+case '([a-z]+)':/gm)].map((match) =>
    match[1] === 'notify' ? 'notify here' : match[1]!,
  ),
];

const MANIFEST_PATH = join(ROOT, 'appPackage', 'manifest.json');
const LOCAL_ENV_PATH = join(ROOT, 'env', '.env.local');

type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];

async function validate(script: PackageScript, manifest: unknown): Promise<string[]> {
  const schema = script.loadBundledManifestSchema((manifest as Manifest).$schema) as Schema;
  return AppManifestUtils.validateAgainstSchema(manifest as TeamsManifest, schema);
}

describe('the Teams app manifest', () => {
  let script: PackageScript;
  let env: Record<string, string>;
  let manifest: Manifest;

  before(async () => {
    script = await importPackageScript();
    env = script.readEnvFile(LOCAL_ENV_PATH);
    manifest = JSON.parse(script.fillPlaceholders(readFileSync(MANIFEST_PATH, 'utf8'), env, LOCAL_ENV_PATH));
  });

  it('finds the commands the bot answers', () => {
    for (const command of ['help', 'sample', 'doctor', 'notify here', 'results']) {
      assert.ok(BOT_COMMANDS.includes(command), BOT_COMMANDS.join(', '));
    }
  });

  it("is on the schema version the Toolkit's bot template uses, checked offline with no errors", async () => {
    // OfficeDev/microsoft-365-agents-toolkit templates/vsc/ts/default-bot/appPackage/manifest.json.tpl: 1.29.
    assert.ok(Number(manifest.manifestVersion.split('.')[1]) >= 29, manifest.manifestVersion);
    assert.equal(
      manifest.$schema,
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    assert.deepEqual(await validate(script, manifest), []);
  });

  it('is really checked: a broken manifest gets schema errors', async () => {
    const broken = structuredClone(manifest) as unknown as Record<string, unknown> & Manifest;
    broken.id = 'not-a-guid';
    broken.bots[0]!.supportsFiles = 'yes' as unknown as boolean;
    const errors = await validate(script, broken);
    assert.ok(errors.some((error) => error.startsWith('/id ')));
    assert.ok(errors.some((error) => error.startsWith('/bots/0/supportsFiles ')));
  });

  it('takes the app id and the bot id from the env file', () => {
    assert.equal(manifest.id, env.TEAMS_APP_ID);
    assert.equal(manifest.bots[0]?.botId, env.BOT_ID);
  });

  it('lets the bot receive files and be installed in personal chats, teams and group chats', () => {
    const bot = manifest.bots[0];
    assert.equal(bot?.supportsFiles, true);
    for (const scope of ['personal', 'team', 'groupChat']) assert.ok(bot?.scopes.includes(scope), scope);
  });

  it('offers in its command menus only commands the bot understands, at most ten per scope', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    assert.ok(lists.length > 0);
    for (const list of lists) {
      assert.ok(list.commands.length <= 10, `${list.scopes.join('/')} lists ${list.commands.length} commands`);
      for (const command of list.commands) {
        assert.ok(BOT_COMMANDS.includes(command.title), `"${command.title}" is not a bot command`);
        assert.notEqual(command.description.trim(), '');
      }
    }
  });

  it('offers every bot command in at least one menu, and a menu for each scope', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    const offered = new Set(lists.flatMap((list) => list.commands.map((command) => command.title)));
    assert.deepEqual(
      BOT_COMMANDS.filter((command) => !offered.has(command)),
      [],
    );
    const scopes = lists.flatMap((list) => list.scopes).sort();
    assert.deepEqual(scopes, ['groupChat', 'personal', 'team']);
  });

  it('offers "notify here" only in channels, and the one-mailbox wizard in the 1:1 chat', () => {
    const titlesFor = (scope: string): string[] =>
      (manifest.bots[0]?.commandLists ?? [])
        .filter((list) => list.scopes.includes(scope))
        .flatMap((list) => list.commands.map((command) => command.title));
    assert.ok(titlesFor('team').includes('notify here'));
    assert.ok(!titlesFor('personal').includes('notify here'));
    assert.ok(!titlesFor('groupChat').includes('notify here'));
    for (const command of ['find', 'recover', 'restore', 'template', 'status']) {
      assert.ok(titlesFor('personal').includes(command), command);
    }
  });

  it('names its publisher from the env file: name, website, privacy statement and terms of use, all https', () => {
    assert.deepEqual(manifest.developer, {
      name: env.DEVELOPER_NAME,
      websiteUrl: env.DEVELOPER_WEBSITE_URL,
      privacyUrl: env.DEVELOPER_PRIVACY_URL,
      termsOfUseUrl: env.DEVELOPER_TERMS_OF_USE_URL,
    });
    for (const url of [
      manifest.developer.websiteUrl,
      manifest.developer.privacyUrl,
      manifest.developer.termsOfUseUrl,
    ]) {
      assert.equal(new URL(url).protocol, 'https:', url);
    }
  });

  it('declares its default language, ready for translations that ship beside the manifest', () => {
    // Learn "Localize your app": localizationInfo.defaultLanguageTag, plus one file per additional language.
    assert.equal(manifest.localizationInfo?.defaultLanguageTag, 'en-us');
    for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
      assert.ok(existsSync(join(ROOT, 'appPackage', language.file)), language.file);
    }
  });

  it("trusts only the bot's own host name as a valid domain", () => {
    assert.deepEqual(manifest.validDomains, [env.BOT_DOMAIN]);
    for (const domain of manifest.validDomains ?? []) {
      assert.match(domain, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, domain);
    }
  });

  it('asks for no single sign-on (webApplicationInfo): the bot reaches the tenant with its own app', () => {
    assert.equal(manifest.webApplicationInfo, undefined);
  });
});
