/**
 * F5 in VS Code (the Microsoft 365 Agents Toolkit): .vscode/launch.json → .vscode/tasks.json → npm scripts →
 * m365agents.playground.yml / m365agents.local.yml → env files → src/config.ts. Nothing here runs VS Code or the
 * Toolkit; each link of that chain is checked against the next, so a renamed task, script, port or file breaks a test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { importPackageScript, ROOT } from './package-script.ts';

interface LaunchConfiguration {
  name: string;
  type: string;
  request: string;
  port?: number;
  url?: string;
}

interface Compound {
  name: string;
  configurations: string[];
  preLaunchTask: string;
}

interface Task {
  label: string;
  type?: string;
  command?: string;
  dependsOn?: string[];
  args?: {
    env?: string;
    portOccupancy?: number[];
    ports?: { portNumber: number; writeToEnvironmentFile?: Record<string, string> }[];
  };
  problemMatcher?: { background?: { endsPattern: string } } | string;
}

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** VS Code's files are JSON with comments; ours have whole-line comments only. */
function readJsonc<T>(path: string): T {
  return JSON.parse(
    read(path)
      .split('\n')
      .filter((line) => !/^\s*\/\//.test(line))
      .join('\n'),
  ) as T;
}

const launch = readJsonc<{ configurations: LaunchConfiguration[]; compounds: Compound[] }>('.vscode/launch.json');
const tasks = readJsonc<{ tasks: Task[] }>('.vscode/tasks.json').tasks;
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const packageScript = await importPackageScript();

function task(label: string): Task {
  const found = tasks.find((candidate) => candidate.label === label);
  assert.ok(found, `tasks.json has a task "${label}"`);
  return found;
}

/** Every task a compound's preLaunchTask runs, dependencies first, in order. */
function tasksRunBy(label: string): Task[] {
  const root = task(label);
  return [...(root.dependsOn ?? []).flatMap((dependency) => tasksRunBy(dependency)), root];
}

/** The npm script a shell task runs (`npm run <name>`). */
function npmScriptOf(shellTask: Task): string {
  const name = /^npm run (\S+)$/.exec(shellTask.command ?? '')?.[1];
  assert.ok(name, `"${shellTask.label}" runs an npm script: ${shellTask.command}`);
  const script = scripts[name];
  assert.ok(script, `package.json has the script ${name}`);
  return script;
}

/** What a project file's file/createOrUpdateEnvironmentFile action writes: its target and its settings. */
function environmentFileWrittenBy(projectFile: string): { target: string; envs: Record<string, string> } {
  const yml = read(projectFile);
  const action = /- uses: file\/createOrUpdateEnvironmentFile\n(?: {4}.*\n)+/.exec(`${yml}\n`)?.[0] ?? '';
  const target = /target: (\S+)/.exec(action)?.[1];
  assert.ok(target, `${projectFile} writes an environment file`);
  const envs: Record<string, string> = {};
  for (const [, key, value] of action.matchAll(/^ {8}([A-Z][A-Z0-9_]*): (.*)$/gm)) envs[key!] = value!.trim();
  return { target, envs };
}

function fill(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => env[name] ?? `<${name}?>`);
}

const DEBUG_COMPOUNDS = [
  { compound: 'Debug in Microsoft 365 Agents Playground', env: 'playground', project: 'm365agents.playground.yml' },
  { compound: 'Debug in Teams (Edge)', env: 'local', project: 'm365agents.local.yml' },
  { compound: 'Debug in Teams (Chrome)', env: 'local', project: 'm365agents.local.yml' },
];

describe('VS Code debugging (.vscode/launch.json and tasks.json)', () => {
  const attach = launch.configurations.find((configuration) => configuration.request === 'attach');

  for (const { compound: name, env, project } of DEBUG_COMPOUNDS) {
    it(`"${name}" runs only configurations and tasks that exist, and the Toolkit's ${env} deploy`, () => {
      const compound = launch.compounds.find((candidate) => candidate.name === name);
      assert.ok(compound, `launch.json has "${name}"`);
      for (const configuration of compound.configurations) {
        assert.ok(
          launch.configurations.some((candidate) => candidate.name === configuration),
          `configuration "${configuration}"`,
        );
      }
      const run = tasksRunBy(compound.preLaunchTask);
      const deploy = run.find((candidate) => candidate.type === 'teamsfx' && candidate.command === 'deploy');
      assert.equal(deploy?.args?.env, env);
      assert.match(read(project), /^deploy:$/m);
      assert.match(read(`env/.env.${env}`), new RegExp(`^TEAMSFX_ENV=${env}$`, 'm'));
    });

    it(`"${name}" attaches the debugger to the port the bot's npm script opens, which is checked free first`, () => {
      const run = tasksRunBy(launch.compounds.find((candidate) => candidate.name === name)!.preLaunchTask);
      const bot = run.find(
        (candidate) =>
          candidate.type === 'shell' && /^npm run dev:teamsfx(:playground)?$/.test(candidate.command ?? ''),
      );
      assert.ok(bot, 'a task starts the bot');
      const inspectPort = Number(/--inspect=(\d+)/.exec(npmScriptOf(bot))?.[1]);
      assert.equal(attach?.port, inspectPort);
      const check = run.find((candidate) => candidate.command === 'debug-check-prerequisites');
      const checked = check?.args?.portOccupancy ?? [];
      assert.ok(checked.includes(inspectPort), 'the inspector port is checked');
      assert.ok(checked.includes(3978), 'the bot port is checked');
    });

    it(`"${name}" starts the bot with the settings file its deploy writes, and waits for the line the bot prints`, () => {
      const run = tasksRunBy(launch.compounds.find((candidate) => candidate.name === name)!.preLaunchTask);
      const bot = run.find(
        (candidate) =>
          candidate.type === 'shell' && /^npm run dev:teamsfx(:playground)?$/.test(candidate.command ?? ''),
      )!;
      const script = npmScriptOf(bot);
      const envFile = /--env-file=(\S+)/.exec(script)?.[1];
      assert.equal(`./${envFile}`, environmentFileWrittenBy(project).target);
      assert.match(script, /--import tsx src\/index\.ts$/);
      const matcher = bot.problemMatcher;
      const endsPattern = typeof matcher === 'object' ? matcher.background?.endsPattern : undefined;
      assert.ok(endsPattern, 'the task waits for a line');
      const printed = /console\.log\('([^']+)'\)/g;
      const lines = [...read('src/index.ts').matchAll(printed)].map((match) => match[1]!);
      assert.ok(
        lines.some((line) => new RegExp(endsPattern).test(line)),
        `src/index.ts prints a line matching ${endsPattern}`,
      );
    });
  }

  it('the Playground task opens the pinned Playground on the port and bot address env/.env.playground gives', () => {
    const playgroundTask = task('Start Microsoft 365 Agents Playground');
    const script = npmScriptOf(playgroundTask);
    assert.match(
      script,
      /^node --env-file=env\/\.env\.playground node_modules\/@microsoft\/m365agentsplayground\/cli\.js /,
    );
    assert.match(script, / -c msteams( |$)/);
    const envPlayground = packageScript.readEnvFile(join(ROOT, 'env', '.env.playground'));
    const port = Number(envPlayground.TEAMSAPPTESTER_PORT);
    assert.ok(task('Validate prerequisites (Microsoft 365 Agents Playground)').args?.portOccupancy?.includes(port));
    const botEndpoint = new URL(envPlayground.BOT_ENDPOINT ?? '');
    const written = environmentFileWrittenBy('m365agents.playground.yml');
    const settings = Object.fromEntries(
      Object.entries(written.envs).map(([key, value]) => [key, fill(value, envPlayground)]),
    );
    const config = loadConfig(settings);
    assert.equal(config.bot.sandbox, true);
    assert.equal(config.playground, null, 'the bot does not open a second Playground');
    assert.equal(Number(botEndpoint.port), config.bot.port);
    assert.equal(botEndpoint.hostname, config.bot.host);
    assert.equal(botEndpoint.pathname, '/api/messages');
  });

  it('"Debug in Teams" starts the dev tunnel on the bot port and writes the address m365agents.local.yml uses', () => {
    const tunnel = task('Start local tunnel');
    assert.equal(tunnel.command, 'debug-start-local-tunnel');
    assert.equal(tunnel.args?.env, 'local');
    const port = tunnel.args?.ports?.[0];
    assert.equal(port?.portNumber, 3978);
    assert.deepEqual(port?.writeToEnvironmentFile, { endpoint: 'BOT_ENDPOINT', domain: 'BOT_DOMAIN' });
    const localYml = read('m365agents.local.yml');
    assert.match(localYml, /messagingEndpoint: \$\{\{BOT_ENDPOINT\}\}\/api\/messages/);
    assert.match(localYml, /PUBLIC_BASE_URL: \$\{\{BOT_ENDPOINT\}\}/);
    // The tunnel forwards to the bot's default port: .localConfigs leaves PORT unset.
    assert.equal(environmentFileWrittenBy('m365agents.local.yml').envs.PORT, undefined);
    assert.equal(loadConfig({}).bot.port, 3978);
  });

  it('opens Teams on the app the local provision registered', () => {
    for (const browser of ['Edge', 'Chrome']) {
      const configuration = launch.configurations.find(
        (candidate) => candidate.name === `Launch App in Teams (${browser})`,
      );
      assert.match(
        configuration?.url ?? '',
        /^https:\/\/teams\.microsoft\.com\/l\/app\/\$\{\{local:TEAMS_APP_ID\}\}\?installAppPackage=true/,
      );
    }
    assert.match(read('m365agents.local.yml'), /teamsAppId: TEAMS_APP_ID/);
  });

  it('keeps what the Toolkit writes for local debugging out of git', () => {
    const ignored = read('.gitignore').split('\n');
    for (const file of ['.localConfigs', '.localConfigs.playground']) assert.ok(ignored.includes(file), file);
  });
});
