import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBotReady, loadConfig } from '../../src/config.ts';
import { importPackageScript, ROOT } from './package-script.ts';

// No YAML parser is installed: the project files are read as text, the way their shape is written (two-space
// indentation, one `- uses:` per action), which is also how a deployer reads them.

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const STAGES = ['provision', 'deploy', 'publish'] as const;
/** Outputs the Toolkit writes beside the ones an action lists (teamsApp/create records the tenant it used). */
const BUILT_IN_OUTPUTS: Record<string, string[]> = { 'teamsApp/create': ['TEAMS_APP_TENANT_ID'] };
/** App Service's own settings, which src/config.ts has no reason to read. */
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT'];
/** Realistic values for what provision and the deployer put behind the placeholders and parameters. */
const SAMPLE_VALUES: Record<string, string> = {
  TENANT_ID: '11111111-1111-4111-8111-111111111111',
  CLIENT_ID: '22222222-2222-4222-8222-222222222222',
  SECRET_CLIENT_SECRET: 'sample-client-secret',
  BOT_ID: '33333333-3333-4333-8333-333333333333',
  BOT_APP_ID: '33333333-3333-4333-8333-333333333333',
  BOT_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  TEAMS_APP_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  SECRET_BOT_PASSWORD: 'sample-bot-password',
  BOT_ENDPOINT: 'https://abc123-3978.euw.devtunnels.ms',
  PUBLIC_BASE_URL: 'https://mbxrecoveryabc123.azurewebsites.net',
  UPLOAD_ALLOWED_HOSTS: 'contoso.sharepoint.com,contoso-my.sharepoint.com',
  SECRET_LINK_SIGNING_KEY: 'k'.repeat(48),
};

interface Action {
  stage: (typeof STAGES)[number];
  uses: string;
  text: string;
}

interface ProjectFile {
  name: string;
  envFile: string;
  stages: readonly (typeof STAGES)[number][];
}

const PROJECT_FILES: ProjectFile[] = [
  { name: 'm365agents.yml', envFile: 'env/.env.dev', stages: STAGES },
  { name: 'm365agents.local.yml', envFile: 'env/.env.local', stages: ['provision', 'deploy'] },
];

interface PackScript {
  PACKED_SETTINGS: string[];
  PACKED_VARIABLE: string;
  packAppSettings(env: Record<string, string | undefined>): string;
}

interface PrepareScript {
  prepareLocalDebug(
    env: Record<string, string | undefined>,
  ): { ok: true; lines: string[] } | { ok: false; message: string };
}

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

function withoutComments(yml: string): string {
  return yml
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

/** The actions of a project file, in the order the Toolkit runs them. */
function listActions(yml: string): Action[] {
  const actions: Action[] = [];
  let stage: Action['stage'] | null = null;
  for (const line of withoutComments(yml).split('\n')) {
    const stageMatch = /^(\w+):\s*$/.exec(line);
    if (stageMatch !== null) {
      stage = (STAGES as readonly string[]).includes(stageMatch[1]!) ? (stageMatch[1] as Action['stage']) : null;
      continue;
    }
    const usesMatch = /^ {2}- uses: (\S+)/.exec(line);
    if (usesMatch !== null && stage !== null) {
      actions.push({ stage, uses: usesMatch[1]!, text: `${line}\n` });
    } else if (stage !== null && actions.length > 0 && /^\s/.test(line)) {
      actions[actions.length - 1]!.text += `${line}\n`;
    }
  }
  return actions;
}

function valueOf(action: Action, key: string): string | undefined {
  return new RegExp(`^\\s+-? ?${key}: (\\S+)\\s*$`, 'm').exec(action.text)?.[1];
}

/** Runs a `script` action's node script the way the Toolkit does and reads the variables it sets. */
function scriptOutputs(action: Action): string[] {
  const script = /run: node (\S+)/.exec(action.text)?.[1];
  assert.ok(script, `the script action runs a node script: ${action.text}`);
  const env = { PATH: process.env.PATH ?? '', BOT_ENDPOINT: 'https://abc123-3978.euw.devtunnels.ms' };
  const stdout = execFileSync(process.execPath, [script], { cwd: ROOT, env, encoding: 'utf8' });
  return [...stdout.matchAll(/::set-teamsfx-env (\w+)=/g)].map((match) => match[1]!);
}

/** What an action writes to the environment file for the actions after it. */
function writtenBy(action: Action): string[] {
  const written = [...(BUILT_IN_OUTPUTS[action.uses] ?? [])];
  const block = /writeToEnvironmentFile:\n((?: {6}.*\n)+)/.exec(action.text)?.[1] ?? '';
  written.push(...[...block.matchAll(/: ([A-Z][A-Z0-9_]*)\s*$/gm)].map((match) => match[1]!));
  if (action.uses === 'script') written.push(...scriptOutputs(action));
  if (action.uses === 'arm/deploy') {
    const template = valueOf(action, 'path');
    assert.ok(template, 'arm/deploy names its template');
    written.push(...[...read(template).matchAll(/^output ([A-Z][A-Z0-9_]*) /gm)].map((match) => match[1]!));
  }
  return written;
}

/** The files an action expands placeholders in, beside its own text. */
function filesReadBy(action: Action): string[] {
  return ['manifestPath', 'parameters'].flatMap((key) => valueOf(action, key) ?? []);
}

/** The names src/config.ts reads: `text('NAME')` calls, plus the names it maps settings to (BULK_*). */
function readConfigNames(): Set<string> {
  const source = read('src/config.ts');
  return new Set([
    ...[...source.matchAll(/text\('([A-Z][A-Z0-9_]*)'\)/g)].map((match) => match[1]!),
    ...[...source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map((match) => match[1]!),
  ]);
}

async function importInfraScript<T>(file: string): Promise<T> {
  return (await import(new URL(`../../infra/${file}`, import.meta.url).href)) as T;
}

const pack = await importInfraScript<PackScript>('pack-app-settings.mjs');
const { prepareLocalDebug } = await importInfraScript<PrepareScript>('prepare-local-debug.mjs');

function unpack(packed: string): Record<string, string> {
  return JSON.parse(Buffer.from(packed, 'base64').toString('utf8')) as Record<string, string>;
}

describe('the Microsoft 365 Agents Toolkit project files', () => {
  for (const project of PROJECT_FILES) {
    const yml = read(project.name);
    const actions = listActions(yml);

    it(`${project.name} has the lifecycle stages the Toolkit runs (${project.stages.join(', ')})`, () => {
      for (const stage of project.stages) {
        assert.match(yml, new RegExp(`^${stage}:$`, 'm'));
        assert.ok(actions.filter((action) => action.stage === stage).length > 0, `${stage} has actions`);
      }
    });

    it(`${project.name} declares the schema version its language-server comment points to`, () => {
      const schema = /\$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/(v[\d.]+)\/yaml\.schema\.json/.exec(yml);
      assert.ok(schema, 'a yaml-language-server $schema comment');
      assert.match(yml, new RegExp(`^version: ${schema[1]!.replace('.', '\\.')}$`, 'm'));
    });

    it(`${project.name} uses no variable before ${project.envFile} defines it or an earlier action writes it`, () => {
      const envText = read(project.envFile);
      const known = new Set([...envText.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
      const missing: string[] = [];
      for (const action of actions) {
        const sources = [[action.uses, action.text], ...filesReadBy(action).map((file) => [file, read(file)])];
        for (const [where, text] of sources) {
          for (const name of placeholdersIn(text!)) {
            // Secrets live in the git-ignored .user file: the committed env file must at least name them.
            const documentedSecret = name.startsWith('SECRET_') && envText.includes(name);
            if (!known.has(name) && !documentedSecret) missing.push(`${name} (${action.stage}: ${where})`);
          }
        }
        for (const name of writtenBy(action)) known.add(name);
      }
      assert.deepEqual(missing, []);
    });

    it(`${project.name} builds the app package only once every manifest placeholder has its value`, () => {
      const manifestPlaceholders = placeholdersIn(read('appPackage/manifest.json'));
      assert.deepEqual(manifestPlaceholders.sort(), ['APP_NAME_SUFFIX', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
      const zip = actions.find((action) => action.uses === 'teamsApp/zipAppPackage');
      assert.ok(zip, 'a teamsApp/zipAppPackage action');
      assert.equal(valueOf(zip, 'manifestPath'), './appPackage/manifest.json');
      // The same file `npm run package` writes, so either route leaves one package per environment.
      assert.equal(valueOf(zip, 'outputZipPath'), './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip');
    });
  }

  it('m365agents.local.yml registers the bot at the tunnel address the bot serves messages on', () => {
    const register = listActions(read('m365agents.local.yml')).find((action) => action.uses === 'botFramework/create');
    assert.ok(register, 'a botFramework/create action');
    assert.equal(valueOf(register, 'messagingEndpoint'), '${{BOT_ENDPOINT}}/api/messages');
    assert.equal(valueOf(register, 'botId'), '${{BOT_ID}}');
    assert.match(read('src/server.ts'), /server\.post\('\/api\/messages'/);
  });

  it('the .localConfigs that m365agents.local.yml writes holds settings that start a sandbox bot as the real bot', () => {
    const write = listActions(read('m365agents.local.yml')).find(
      (action) => action.uses === 'file/createOrUpdateEnvironmentFile',
    );
    assert.ok(write, 'a file/createOrUpdateEnvironmentFile action');
    assert.equal(valueOf(write, 'target'), './.localConfigs');
    const env: Record<string, string> = {};
    for (const [, key, value] of write.text.matchAll(/^ {8}([A-Z][A-Z0-9_]*): (.*)$/gm)) {
      env[key!] = value!.replace(PLACEHOLDER, (_, name: string) => SAMPLE_VALUES[name] ?? `<${name}?>`);
    }
    const configNames = readConfigNames();
    const unread = Object.keys(env).filter((key) => !configNames.has(key));
    assert.deepEqual(unread, []);
    const config = loadConfig(env);
    assert.equal(config.bot.sandbox, true);
    assert.equal(config.bot.appId, SAMPLE_VALUES.BOT_ID);
    assert.equal(config.bot.appType, 'SingleTenant');
    assert.equal(config.bot.publicBaseUrl, SAMPLE_VALUES.BOT_ENDPOINT);
    assert.deepEqual(config.bot.allowedTenantIds, [SAMPLE_VALUES.TEAMS_APP_TENANT_ID]);
    assert.ok(config.bot.allowedServiceUrlHosts?.includes('smba.trafficmanager.net'), 'Teams service hosts accepted');
    assert.equal(config.playground, null);
  });
});

describe('the Azure resources (infra/)', () => {
  const bicep = read('infra/azure.bicep');

  it('give the App Service only app settings src/config.ts reads, besides App Service platform settings', () => {
    const fixed = [...bicep.matchAll(/^\s+([A-Z][A-Z0-9_]*): /gm)].map((match) => match[1]!);
    assert.ok(fixed.includes('TENANT_ID') && fixed.includes('BOT_APP_ID'), fixed.join(', '));
    const configNames = readConfigNames();
    assert.ok(configNames.has('HOST') && configNames.has('BULK_BATCH_SIZE'), 'config names found');
    const unknown = [...fixed, ...pack.PACKED_SETTINGS].filter(
      (name) => !configNames.has(name) && !PLATFORM_SETTINGS.includes(name),
    );
    assert.deepEqual(unknown, []);
  });

  it('give the App Service the settings of a real-tenant bot that starts', () => {
    const packed = pack.packAppSettings({ APPROVER_USER_IDS: '29:approver-1', DEFAULT_USAGE_LOCATION: 'US' });
    const env: Record<string, string> = { ...unpack(packed), PORT: '8080' }; // App Service sets PORT
    for (const [, name, value] of bicep.matchAll(/^\s+([A-Z][A-Z0-9_]*): (.*)$/gm)) {
      const literal = /^'([^'$]*)'$/.exec(value!.trim());
      const sample = literal?.[1] ?? SAMPLE_VALUES[name!];
      assert.ok(sample !== undefined, `a sample value for ${name}`);
      env[name!] = sample;
    }
    const config = loadConfig(env);
    assert.doesNotThrow(() => assertBotReady(config));
    assert.equal(config.bot.sandbox, false);
    assert.equal(config.bot.host, '0.0.0.0');
    assert.equal(config.bot.appType, 'SingleTenant');
    assert.equal(config.dataDir, '/home/data');
    assert.equal(config.defaultUsageLocation, 'US');
  });

  it('run `npm start` on Linux with the Node version package.json asks for, listening on every interface', () => {
    const packageJson = JSON.parse(read('package.json')) as {
      scripts: Record<string, string>;
      engines: { node: string };
    };
    assert.ok(packageJson.scripts.start, 'package.json has a start script');
    assert.match(bicep, /appCommandLine: 'npm start'/);
    // NODE|20-lts is the newest 20.x, so the major version decides.
    const appServiceMajor = Number(/NODE\|(\d+)-lts/.exec(bicep)?.[1]);
    const requiredMajor = Number(/^>=\s*(\d+)/.exec(packageJson.engines.node)?.[1]);
    assert.ok(
      appServiceMajor >= requiredMajor,
      `Node ${appServiceMajor} on App Service, ${packageJson.engines.node} asked`,
    );
    assert.match(bicep, /HOST: '0\.0\.0\.0'/);
    // The data directory must outlive a deployment, which replaces /home/site/wwwroot.
    assert.match(bicep, /DATA_DIR: '\/home\/data'/);
  });

  it('point the Azure Bot at the path the bot serves, with the Teams channel on', () => {
    assert.match(bicep, /endpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    assert.match(bicep, /msaAppType: 'SingleTenant'/);
    assert.match(bicep, /channelName: 'MsTeamsChannel'/);
  });

  it('ask azure.parameters.json for every parameter without a default, and for nothing else', () => {
    const parameters = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, unknown> };
    const declared = [...bicep.matchAll(/^param (\w+) \w+( = )?/gm)];
    const required = declared.filter((match) => match[2] === undefined).map((match) => match[1]!);
    const given = Object.keys(parameters.parameters);
    const notGiven = required.filter((name) => !given.includes(name));
    const undeclared = given.filter((name) => !declared.some((match) => match[1] === name));
    assert.deepEqual({ notGiven, undeclared }, { notGiven: [], undeclared: [] });
  });

  it('never make an optional setting a placeholder: the Toolkit refuses a placeholder whose value is empty', () => {
    const used = placeholdersIn(read('infra/azure.parameters.json'));
    assert.ok(used.includes(pack.PACKED_VARIABLE), `${pack.PACKED_VARIABLE} is passed`);
    const optional = used.filter((name) => pack.PACKED_SETTINGS.includes(name));
    assert.deepEqual(optional, []);
  });

  it('pack the optional settings that have a value, leaving out empty ones and secrets (the Toolkit logs them)', () => {
    const packed = pack.packAppSettings({
      APPROVER_GROUP_ID: '  ',
      APPROVER_USER_IDS: '29:abc,29:def',
      DEFAULT_USAGE_LOCATION: 'US',
      APPROVALS_CHANNEL_ID: '',
      UNRELATED: 'x',
      SECRET_CLIENT_SECRET: 'hunter2-hunter2',
    });
    assert.deepEqual(unpack(packed), { APPROVER_USER_IDS: '29:abc,29:def', DEFAULT_USAGE_LOCATION: 'US' });
    assert.equal(pack.packAppSettings({}), 'e30=');
    const secrets = pack.PACKED_SETTINGS.filter((name) => name.startsWith('SECRET_'));
    assert.deepEqual(secrets, []);
  });

  it('leave the env files, their secrets and local settings out of the deployed zip', () => {
    const ignore = read('infra/.webappignore').split('\n');
    for (const pattern of ['/env/', '.localConfigs', '/data/', '/appPackage/']) {
      assert.ok(ignore.includes(pattern), `infra/.webappignore lists ${pattern}`);
    }
    assert.ok(!ignore.some((line) => /^\/?(src|node_modules)\/?$/.test(line)), 'the code and its dependencies ship');
  });
});

describe('the local debugging check (infra/prepare-local-debug.mjs)', () => {
  it("refuses env/.env.local's sandbox placeholder ids, naming them", async () => {
    const script = await importPackageScript();
    const env = {
      ...script.readEnvFile(join(ROOT, 'env', '.env.local')),
      BOT_ENDPOINT: 'https://a1-3978.devtunnels.ms',
    };
    const result = prepareLocalDebug(env);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /placeholder TEAMS_APP_ID and BOT_ID: empty them there/);
  });

  it('refuses a tunnel address that is missing, plain http or has a path', () => {
    for (const endpoint of [
      undefined,
      '',
      'http://a1-3978.devtunnels.ms',
      'https://a1-3978.devtunnels.ms/api/messages',
    ]) {
      const result = prepareLocalDebug({ BOT_ENDPOINT: endpoint });
      assert.equal(result.ok, false, String(endpoint));
      assert.match(!result.ok ? result.message : '', /^Set BOT_ENDPOINT in env\/\.env\.local/);
    }
  });

  it('writes the tunnel host as BOT_DOMAIN once the ids are empty and the address is set', () => {
    const result = prepareLocalDebug({
      TEAMS_APP_ID: '',
      BOT_ID: '',
      BOT_ENDPOINT: 'https://a1-3978.euw.devtunnels.ms',
    });
    assert.deepEqual(result, { ok: true, lines: ['::set-teamsfx-env BOT_DOMAIN=a1-3978.euw.devtunnels.ms'] });
  });
});
