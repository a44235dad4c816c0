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
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'CUSTOM_BUILD_COMMAND'];
/** How the bot proves who it is to the Bot Framework: infra/azure.bicep's botAuthentication. */
const BOT_AUTHENTICATIONS = ['UserAssignedMSI', 'SingleTenant'] as const;
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
  /** What the file is read as: itself, or the variant its comments describe. */
  label: string;
  envFile: string;
  stages: readonly (typeof STAGES)[number][];
  /** Whether it builds the Teams app package (the Playground needs none). */
  packages: boolean;
  text: () => string;
}

/**
 * m365agents.yml with its client-secret option taken, as its comments say: the commented aadApp/create step between
 * the markers restored, and arm/deploy given the secret's parameters file.
 */
function withClientSecretOption(yml: string): string {
  const block = /^ {2}# secret-option:start\n((?:.*\n)*?) {2}# secret-option:end$/m.exec(yml);
  assert.ok(block, 'm365agents.yml marks its client-secret option');
  const uncommented = block[1]!.replace(/^ {2}# ?/gm, '  ');
  return yml
    .replace(block[0], uncommented)
    .replace('parameters: ./infra/azure.parameters.json', 'parameters: ./infra/azure.parameters.secret.json');
}

const PROJECT_FILES: ProjectFile[] = (
  [
    { name: 'm365agents.yml', envFile: 'env/.env.dev', stages: STAGES, packages: true },
    {
      name: 'm365agents.yml',
      label: 'm365agents.yml with the client-secret option',
      envFile: 'env/.env.dev',
      stages: STAGES,
      packages: true,
      text: () => withClientSecretOption(read('m365agents.yml')),
    },
    { name: 'm365agents.local.yml', envFile: 'env/.env.local', stages: ['provision', 'deploy'], packages: true },
    { name: 'm365agents.playground.yml', envFile: 'env/.env.playground', stages: ['deploy'], packages: false },
  ] satisfies (Omit<ProjectFile, 'label' | 'text'> & Partial<ProjectFile>)[]
).map((project) => ({ label: project.name, text: () => read(project.name), ...project }));

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
    const yml = project.text();
    const actions = listActions(yml);

    it(`${project.label} has the lifecycle stages the Toolkit runs (${project.stages.join(', ')})`, () => {
      for (const stage of project.stages) {
        assert.match(yml, new RegExp(`^${stage}:$`, 'm'));
        assert.ok(actions.filter((action) => action.stage === stage).length > 0, `${stage} has actions`);
      }
    });

    it(`${project.label} declares the schema version its language-server comment points to`, () => {
      const schema = /\$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/(v[\d.]+)\/yaml\.schema\.json/.exec(yml);
      assert.ok(schema, 'a yaml-language-server $schema comment');
      assert.match(yml, new RegExp(`^version: ${schema[1]!.replace('.', '\\.')}$`, 'm'));
    });

    it(`${project.label} uses no variable before ${project.envFile} defines it or an earlier action writes it`, () => {
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

    it(`${project.label} builds the app package only once every manifest placeholder has its value`, (t) => {
      if (!project.packages) {
        assert.equal(actions.filter((action) => action.uses.startsWith('teamsApp/')).length, 0);
        t.skip('builds no app package');
        return;
      }
      const manifestPlaceholders = placeholdersIn(read('appPackage/manifest.json'));
      assert.deepEqual(manifestPlaceholders.sort(), [
        'APP_NAME_SUFFIX',
        'BOT_DOMAIN',
        'BOT_ID',
        'DEVELOPER_NAME',
        'DEVELOPER_PRIVACY_URL',
        'DEVELOPER_TERMS_OF_USE_URL',
        'DEVELOPER_WEBSITE_URL',
        'TEAMS_APP_ID',
      ]);
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
    assert.match(read('src/server.ts'), /server\.post\(\s*'\/api\/messages'/);
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

  /**
   * The value a bicep expression of an app setting takes in one mode: a literal, a `useSecret ? a : b` choice, the
   * botAuthentication parameter, or a sample of what the Toolkit or the identity puts there.
   */
  function settingValue(name: string, expression: string, mode: (typeof BOT_AUTHENTICATIONS)[number]): string {
    const literal = /^'([^'$]*)'$/.exec(expression);
    if (literal) return literal[1]!;
    const choice = /^useSecret \? (.+) : (.+)$/.exec(expression);
    if (choice) return settingValue(name, (mode === 'SingleTenant' ? choice[1] : choice[2])!, mode);
    if (expression === 'botAuthentication') return mode;
    const sample = SAMPLE_VALUES[name];
    assert.ok(sample !== undefined, `a sample value for ${name}`);
    return sample;
  }

  for (const mode of BOT_AUTHENTICATIONS) {
    it(`give the App Service the settings of a real-tenant bot that starts (${mode})`, () => {
      const packed = pack.packAppSettings({ APPROVER_USER_IDS: '29:approver-1', DEFAULT_USAGE_LOCATION: 'US' });
      const env: Record<string, string> = { ...unpack(packed), PORT: '8080' }; // App Service sets PORT
      for (const [, name, value] of bicep.matchAll(/^\s+([A-Z][A-Z0-9_]*): (.*)$/gm)) {
        env[name!] = settingValue(name!, value!.trim(), mode);
      }
      const config = loadConfig(env);
      assert.doesNotThrow(() => assertBotReady(config));
      assert.equal(config.bot.sandbox, false);
      assert.equal(config.bot.host, '0.0.0.0');
      assert.equal(config.bot.appType, mode);
      assert.equal(config.bot.appPassword, mode === 'SingleTenant' ? SAMPLE_VALUES.SECRET_BOT_PASSWORD : undefined);
      assert.equal(config.dataDir, '/home/data');
      assert.equal(config.defaultUsageLocation, 'US');
    });
  }

  it('run the compiled bot (node dist/index.js, what npm run start:production runs) on Node 22 LTS, on every interface', () => {
    const packageJson = JSON.parse(read('package.json')) as {
      scripts: Record<string, string>;
      engines: { node: string };
    };
    const command = /appCommandLine: '([^']+)'/.exec(bicep)?.[1];
    assert.equal(command, packageJson.scripts['start:production']);
    assert.match(command ?? '', /^node (--\S+ )*dist\/index\.js$/);
    assert.equal(packageJson.scripts.build, 'node scripts/build.mjs');
    // `npm start` stays the newcomer's sandbox: TypeScript through tsx, no build needed.
    assert.match(packageJson.scripts.start ?? '', /--import tsx src\/index\.ts$/);
    assert.match(bicep, /linuxFxVersion: 'NODE\|22-lts'/);
    const requiredMajor = Number(/^>=\s*(\d+)/.exec(packageJson.engines.node)?.[1]);
    assert.ok(22 >= requiredMajor, `package.json asks for ${packageJson.engines.node}`);
    assert.match(bicep, /HOST: '0\.0\.0\.0'/);
    // The data directory must outlive a deployment, which replaces /home/site/wwwroot.
    assert.match(bicep, /DATA_DIR: '\/home\/data'/);
  });

  it('install the dependencies on the App Service itself, production ones only, instead of a second build', () => {
    assert.match(bicep, /SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'/);
    assert.match(bicep, /CUSTOM_BUILD_COMMAND: 'npm ci --omit=dev( --\S+)*'/);
  });

  it('point the Azure Bot at the path the bot serves, as the managed identity the web app carries', () => {
    assert.match(bicep, /endpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    assert.match(bicep, /resource identity 'Microsoft\.ManagedIdentity\/userAssignedIdentities@[\d-]+'/);
    assert.match(bicep, /param botAuthentication string = 'UserAssignedMSI'/);
    assert.match(bicep, /msaAppType: botAuthentication/);
    assert.match(bicep, /msaAppMSIResourceId: useSecret \? null : identity\.id/);
    assert.match(bicep, /var botClientId = useSecret \? botAppId : identity\.properties\.clientId/);
    assert.match(bicep, /msaAppId: botClientId/);
    assert.match(bicep, /userAssignedIdentities: \{\n\s+'\$\{identity\.id\}': \{\}/);
    assert.match(bicep, /channelName: 'MsTeamsChannel'/);
    // The manifest's botId is the identity's client id: arm/deploy writes it before the package is built.
    assert.match(bicep, /^output BOT_ID string = botClientId$/m);
  });

  for (const file of ['infra/azure.parameters.json', 'infra/azure.parameters.secret.json']) {
    it(`ask ${file} for every parameter without a default, and for nothing else`, () => {
      const parameters = JSON.parse(read(file)) as { parameters: Record<string, unknown> };
      const declared = [...bicep.matchAll(/^param (\w+) \w+( = )?/gm)];
      const required = declared.filter((match) => match[2] === undefined).map((match) => match[1]!);
      const given = Object.keys(parameters.parameters);
      const notGiven = required.filter((name) => !given.includes(name));
      const undeclared = given.filter((name) => !declared.some((match) => match[1] === name));
      assert.deepEqual({ notGiven, undeclared }, { notGiven: [], undeclared: [] });
    });
  }

  it('give the client-secret option the Entra app and its secret, and the managed identity neither', () => {
    const secret = JSON.parse(read('infra/azure.parameters.secret.json')) as {
      parameters: Record<string, { value: string }>;
    };
    assert.equal(secret.parameters.botAuthentication?.value, 'SingleTenant');
    assert.equal(secret.parameters.botAppId?.value, '${{BOT_ID}}');
    assert.equal(secret.parameters.botPassword?.value, '${{SECRET_BOT_PASSWORD}}');
    const managed = placeholdersIn(read('infra/azure.parameters.json'));
    assert.ok(!managed.includes('SECRET_BOT_PASSWORD') && !managed.includes('BOT_ID'), managed.join(', '));
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

  /** Whether a gitignore-style pattern list (the Toolkit's ignoreFile) leaves a path out: `/` anchors, `*` globs. */
  function ignoredBy(patterns: string[], path: string): boolean {
    return patterns
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .some((pattern) => {
        const directory = pattern.endsWith('/');
        const core = pattern.replace(/^\//, '').replace(/\/$/, '');
        const glob = core.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
        const start = pattern.startsWith('/') ? '^' : '(^|/)';
        return new RegExp(`${start}${glob}${directory ? '/' : '(/|$)'}`).test(path);
      });
  }

  it('zip the build, package.json and its lock file, without node_modules, sources, env files or local settings', () => {
    const ignore = read('infra/.webappignore').split('\n');
    for (const shipped of [
      'dist/index.js',
      'dist/cards/templates/approval.json',
      'package.json',
      'package-lock.json',
    ]) {
      assert.equal(ignoredBy(ignore, shipped), false, `${shipped} ships`);
    }
    for (const left of [
      'node_modules/botbuilder/package.json',
      'src/index.ts',
      'test/config.test.ts',
      'env/.env.dev',
      'env/.env.dev.user',
      '.localConfigs',
      '.localConfigs.playground',
      'data/jobs/job-1.json',
      'appPackage/manifest.json',
      'infra/azure.bicep',
      '.vscode/launch.json',
      'devTools/teamsapptester/cli.js',
      'm365agents.yml',
    ]) {
      assert.equal(ignoredBy(ignore, left), true, `${left} stays out`);
    }
  });

  it('deploy as m365agents.yml says: install, build, then zip-deploy that build with infra/.webappignore', () => {
    const deploy = listActions(read('m365agents.yml')).filter((action) => action.stage === 'deploy');
    assert.deepEqual(
      deploy.map((action) => `${action.uses} ${/args: (.*)$/m.exec(action.text)?.[1] ?? ''}`.trim()),
      ['cli/runNpmCommand ci --no-audit --no-fund', 'cli/runNpmCommand run build', 'azureAppService/zipDeploy'],
    );
    assert.equal(valueOf(deploy[2]!, 'artifactFolder'), '.');
    assert.equal(valueOf(deploy[2]!, 'ignoreFile'), './infra/.webappignore');
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
