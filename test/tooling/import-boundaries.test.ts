import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => String(message.ruleId));
}

describe('import boundaries', () => {
  const forbidden: [string, string][] = [
    ['src/operations/x.ts', "import { TurnContext } from 'botbuilder';"],
    ['src/operations/bulk/x.ts', "import { Low } from 'lowdb';"],
    ['src/operations/x.ts', "import { JSONFile } from 'lowdb/node';"],
    ['src/operations/x.ts', "import { Client } from '@microsoft/microsoft-graph-client';"],
    ['src/operations/x.ts', "import { ConfidentialClientApplication } from '@azure/msal-node';"],
    ['src/operations/x.ts', "import restify from 'restify';"],
    ['src/cards/x.ts', "import { CardFactory } from 'botbuilder';"],
    ['src/operations/x.ts', "import { FileOperationStore } from '../store/file-operation-store.ts';"],
    ['src/operations/x.ts', "import { readConfigFromEnvironment } from '../config.ts';"],
    ['src/operations/jobs/x.ts', "import { runCommand } from '../../cli/main.ts';"],
    ['src/operations/x.ts', "import { startBot } from '../wiring/start-bot.ts';"],
    ['src/store/x.ts', "import { createBot } from '../bot/create-bot.ts';"],
    ['src/store/x.ts', "import { connectTenant } from '../tenant/connect-tenant.ts';"],
    ['src/store/x.ts', "import { UsageError } from '../cli/args.ts';"],
    ['src/wiring/x.ts', "import { UsageError } from '../cli/args.ts';"],
    ['src/tenant/exchange/x.ts', "import { createBot } from '../../bot/create-bot.ts';"],
    ['src/tenant/x.ts', "import { FileJobStore } from '../store/file-job-store.ts';"],
    ['src/tenant/x.ts', "import { UsageError } from '../cli/args.ts';"],
  ];
  for (const [file, line] of forbidden) {
    it(`refuses \`${line}\` in ${file}`, async () => {
      assert.ok(
        (
          await ruleIdsFor(
            file,
            `${line}\nexport const used = [${line
              .match(/\{ (\w+) \}|import (\w+)/)
              ?.slice(1)
              .find(Boolean)}];\n`,
          )
        ).includes('no-restricted-imports'),
      );
    });
  }

  it('refuses process.env outside src/config.ts', async () => {
    const code = 'export const dir = process.env.DATA_DIR;\n';
    assert.ok((await ruleIdsFor('src/store/x.ts', code)).includes('no-restricted-properties'));
    assert.deepEqual(await ruleIdsFor('src/config.ts', code), []);
  });

  const allowed: [string, string][] = [
    ['src/store/x.ts', "import { isSamePerson } from '../operations/jobs/index.ts';"],
    ['src/tenant/x.ts', "import { ItemError } from '../operations/model.ts';"],
    ['src/cli/x.ts', "import { openStores } from '../store/open-stores.ts';"],
    ['src/wiring/x.ts', "import { createBot } from '../bot/create-bot.ts';"],
  ];
  for (const [file, line] of allowed) {
    it(`allows \`${line}\` in ${file}`, async () => {
      const name = line.match(/\{ (\w+) \}/)?.[1];
      assert.deepEqual(await ruleIdsFor(file, `${line}\nexport const used = [${name}];\n`), []);
    });
  }

  it('lets adapters use their frameworks', async () => {
    const code = "import { Low } from 'lowdb';\nexport const used = [Low];\n";
    assert.deepEqual(await ruleIdsFor('src/store/x.ts', code), []);
  });
});
