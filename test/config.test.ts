import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertBotReady, describeConfig, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('runs against the sandbox tenant with the seed defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.tenant, null);
    assert.equal(config.dataDir, 'data');
    assert.deepEqual(
      [config.bulk.batchSize, config.bulk.parallelExecution, config.bulk.stopOnError, config.bulk.retryPass],
      [10, false, false, true],
    );
    assert.equal(config.bulk.maxRetries, 3);
    assert.equal(config.bulk.delayBetweenBatches, 1);
    assert.deepEqual(config.csvLimits, { maxBytes: 5 * 1024 * 1024, maxRows: 5000 });
    assert.equal(config.exchangeMaxConcurrentCalls, 3);
    assert.equal(config.restorePollIntervalMs, 120_000);
    assert.equal(config.restoreStatisticsPerInterval, 20);
  });

  const badValues: [Record<string, string>, RegExp][] = [
    [{ BULK_BATCH_SIZE: 'ten' }, /^BULK_BATCH_SIZE must be a whole number from 1 to 1000 \(got "ten"\)\.$/],
    [{ BULK_PARALLEL_EXECUTION: 'maybe' }, /^BULK_PARALLEL_EXECUTION must be true or false/],
    [{ BULK_DELAY_BETWEEN_BATCHES_SECONDS: '-1' }, /^BULK_DELAY_BETWEEN_BATCHES_SECONDS must be a number/],
    [{ CSV_MAX_ROWS: '0' }, /^CSV_MAX_ROWS must be a whole number/],
    [
      { RESTORE_STATISTICS_PER_INTERVAL: '0' },
      /^RESTORE_STATISTICS_PER_INTERVAL must be a whole number from 1 to 1000/,
    ],
    [{ TENANT_ID: 'contoso.onmicrosoft.com' }, /^CLIENT_ID must be set too/],
    [{ TENANT_ID: 't', CLIENT_ID: 'c' }, /needs a credential: set CERTIFICATE_PATH/],
    [
      { TENANT_ID: 't', CLIENT_ID: 'c', SECRET_CLIENT_SECRET: 's', EXCHANGE_BASE_URL: 'http://x' },
      /^EXCHANGE_BASE_URL must be an https URL/,
    ],
    [
      { SANDBOX_TENANT_URL: 'https://sandbox.contoso.com' },
      /^SANDBOX_TENANT_URL must be a sandbox tenant on this machine, such as http:\/\/127\.0\.0\.1:7071 \(got "https:\/\/sandbox\.contoso\.com"\)\.$/,
    ],
    [{ SANDBOX_TENANT_URL: 'http://10.0.0.5:7071' }, /^SANDBOX_TENANT_URL must be a sandbox tenant on this machine/],
    [
      { TENANT_ID: 't', CLIENT_ID: 'c', SECRET_CLIENT_SECRET: 's', SANDBOX_TENANT_URL: 'http://127.0.0.1:7071' },
      /^SANDBOX_TENANT_URL is for sandbox mode only: unset it, or unset TENANT_ID and CLIENT_ID\.$/,
    ],
  ];
  for (const [env, message] of badValues) {
    it(`stops with one sentence naming the setting for ${JSON.stringify(env)}`, () => {
      assert.throws(() => loadConfig(env), { name: 'ConfigError', message });
    });
  }

  it('uses a sandbox tenant of its own unless SANDBOX_TENANT_URL names one on this machine', () => {
    assert.equal(loadConfig({}).sandboxTenantUrl, null);
    const config = loadConfig({ SANDBOX_TENANT_URL: 'http://127.0.0.1:7071/' });
    assert.equal(config.sandboxTenantUrl, 'http://127.0.0.1:7071');
    assert.match(describeConfig(config), /sandbox tenant at http:\/\/127\.0\.0\.1:7071;/);
  });

  it('downloads the Exchange password key from ExoHelper’s published copy unless another https URL is set', () => {
    assert.equal(
      loadConfig({}).exchangePasswordKeyUrl,
      'https://raw.githubusercontent.com/GreyCorbel/ExoHelper/main/PublicKey.xml',
    );
    const own = 'https://keys.contoso.com/exchange-key.xml';
    assert.equal(loadConfig({ EXCHANGE_PASSWORD_KEY_URL: own }).exchangePasswordKeyUrl, own);
    assert.throws(() => loadConfig({ EXCHANGE_PASSWORD_KEY_URL: 'http://keys.contoso.com/k.xml' }), {
      name: 'ConfigError',
      message: /^EXCHANGE_PASSWORD_KEY_URL must be an https URL/,
    });
  });

  it('reads the retry pass from BULK_RETRY_PASS, and from its older name BULK_RETRY_FAILED', () => {
    assert.equal(loadConfig({ BULK_RETRY_PASS: 'false' }).bulk.retryPass, false);
    assert.equal(loadConfig({ BULK_RETRY_FAILED: 'false' }).bulk.retryPass, false);
    assert.equal(loadConfig({ BULK_RETRY_PASS: 'true', BULK_RETRY_FAILED: 'false' }).bulk.retryPass, true);
  });

  it('never puts a secret in the printable summary', () => {
    const config = loadConfig({ TENANT_ID: 't-1', CLIENT_ID: 'app-1', SECRET_CLIENT_SECRET: 'Sup3r~Secret.Value' });
    const summary = describeConfig(config);
    assert.match(summary, /tenant t-1 \(app app-1, credential: secret\)/);
    assert.doesNotMatch(summary, /Sup3r/);
  });

  it('runs the bot in sandbox mode on loopback with the Playground tenant when nothing is set', () => {
    const bot = loadConfig({}).bot;
    assert.equal(bot.sandbox, true);
    assert.deepEqual([bot.host, bot.port, bot.publicBaseUrl], ['127.0.0.1', 3978, 'http://127.0.0.1:3978']);
    assert.equal(bot.appId, null);
    assert.deepEqual(bot.allowedTenantIds, ['00000000-0000-0000-0000-0000000000001']);
    assert.deepEqual(bot.upload, { allowedHosts: ['127.0.0.1', 'localhost'], requireHttps: false, timeoutMs: 30_000 });
    assert.equal(bot.allowSelfApproval, true);
    assert.deepEqual([bot.approvalTtlMs, bot.linkTtlMs, bot.progressIntervalMs], [86_400_000, 3_600_000, 5000]);
    assert.doesNotThrow(() => assertBotReady(loadConfig({})));
  });

  it('never takes the packaging BOT_ID as the running bot app id', () => {
    assert.equal(loadConfig({ BOT_ID: '00000000-0000-4000-8000-00000000b001' }).bot.appId, null);
  });

  it('turns self-approval off and https uploads on against a real tenant', () => {
    const bot = loadConfig({
      TENANT_ID: '22222222-2222-2222-2222-222222222222',
      CLIENT_ID: 'c',
      SECRET_CLIENT_SECRET: 's',
    }).bot;
    assert.deepEqual([bot.sandbox, bot.allowSelfApproval, bot.upload.requireHttps], [false, false, true]);
    assert.deepEqual(bot.allowedTenantIds, ['22222222-2222-2222-2222-222222222222']);
  });

  const badBotValues: [Record<string, string>, RegExp][] = [
    [{ PORT: '70000' }, /^PORT must be a whole number from 0 to 65535/],
    [{ HOST: 'http://0.0.0.0' }, /^HOST must be a host name or IP address/],
    [{ PUBLIC_BASE_URL: 'bot.contoso.com' }, /^PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ BOT_APP_TYPE: 'Personal' }, /^BOT_APP_TYPE must be one of MultiTenant, SingleTenant, UserAssignedMSI/],
    [{ BOT_APP_ID: 'app' }, /^BOT_APP_ID needs a credential: set BOT_CERTIFICATE_PATH or SECRET_BOT_PASSWORD\.$/],
    [{ BOT_APP_ID: 'app', BOT_APP_TYPE: 'SingleTenant', SECRET_BOT_PASSWORD: 'p' }, /^BOT_TENANT_ID must be set/],
    [{ BOT_CERTIFICATE_PATH: 'bot.pem' }, /^BOT_CERTIFICATE_THUMBPRINT must be set with BOT_CERTIFICATE_PATH/],
    [
      { BOT_APP_ID: 'app', SECRET_BOT_PASSWORD: 'p', BOT_CERTIFICATE_PATH: 'b.pem', BOT_CERTIFICATE_THUMBPRINT: 't' },
      /either SECRET_BOT_PASSWORD or BOT_CERTIFICATE_PATH/,
    ],
    [{ ALLOWED_TENANT_IDS: 'contoso.com' }, /^ALLOWED_TENANT_IDS must list tenant GUIDs/],
    [{ ALLOWED_SERVICE_URL_HOSTS: '*.trafficmanager.net' }, /^ALLOWED_SERVICE_URL_HOSTS must list bare host names/],
    [{ APPROVER_GROUP_ID: 'admins' }, /^APPROVER_GROUP_ID must be a GUID/],
    [{ ALLOW_SELF_APPROVAL: 'sometimes' }, /^ALLOW_SELF_APPROVAL must be true or false/],
    [{ APPROVAL_TTL_HOURS: '0' }, /^APPROVAL_TTL_HOURS must be a whole number from 1 to 720/],
    [{ PROGRESS_UPDATE_INTERVAL_SECONDS: '0.5' }, /^PROGRESS_UPDATE_INTERVAL_SECONDS must be a whole number/],
    [{ UPLOAD_ALLOWED_HOSTS: 'https://contoso.sharepoint.com/' }, /^UPLOAD_ALLOWED_HOSTS must list bare host names/],
    [{ UPLOAD_TIMEOUT_SECONDS: 'soon' }, /^UPLOAD_TIMEOUT_SECONDS must be a whole number/],
    [{ SECRET_LINK_SIGNING_KEY: 'short' }, /^SECRET_LINK_SIGNING_KEY must be at least 32 bytes/],
    [{ LINK_TTL_HOURS: '24' }, /^LINK_TTL_HOURS is replaced by LINK_TTL_MINUTES/],
    [{ LINK_TTL_MINUTES: '2000' }, /^LINK_TTL_MINUTES must be a whole number from 5 to 1440/],
  ];
  for (const [env, message] of badBotValues) {
    it(`stops the bot with one sentence naming the setting for ${JSON.stringify(env)}`, () => {
      assert.throws(() => loadConfig(env), { name: 'ConfigError', message });
    });
  }

  it('never quotes a too-short link signing key', () => {
    assert.throws(
      () => loadConfig({ SECRET_LINK_SIGNING_KEY: 'hunter2' }),
      (error: Error) => !error.message.includes('hunter2'),
    );
  });

  const GROUP_GUID = '33333333-3333-3333-3333-333333333333';
  const realTenant = {
    TENANT_ID: 'contoso.onmicrosoft.com',
    CLIENT_ID: 'c',
    SECRET_CLIENT_SECRET: 's',
    ALLOWED_TENANT_IDS: '22222222-2222-2222-2222-222222222222',
    APPROVER_USER_IDS: '29:approver',
    UPLOAD_ALLOWED_HOSTS: 'contoso.sharepoint.com,contoso-my.sharepoint.com',
    PUBLIC_BASE_URL: 'https://bot.contoso.com/',
    SECRET_LINK_SIGNING_KEY: 'x'.repeat(32),
  };
  const missingForRealTenant: [keyof typeof realTenant, RegExp][] = [
    ['ALLOWED_TENANT_IDS', /^ALLOWED_TENANT_IDS must list the Teams tenant GUID\(s\)/],
    ['APPROVER_USER_IDS', /^APPROVER_USER_IDS or APPROVER_GROUP_ID must name the approvers/],
    ['UPLOAD_ALLOWED_HOSTS', /^UPLOAD_ALLOWED_HOSTS must list the SharePoint hosts/],
    ['PUBLIC_BASE_URL', /^PUBLIC_BASE_URL must be set to the https address/],
    ['SECRET_LINK_SIGNING_KEY', /^SECRET_LINK_SIGNING_KEY must be at least 32 bytes/],
  ];
  it('lets the bot start against a real tenant once its settings are complete', () => {
    const config = loadConfig(realTenant);
    assert.doesNotThrow(() => assertBotReady(config));
    assert.equal(config.bot.publicBaseUrl, 'https://bot.contoso.com');
  });
  it('keeps the bot from starting against a real tenant when approval requests could reach nobody', () => {
    const { APPROVER_USER_IDS: _none, ...groupOnly } = { ...realTenant, APPROVER_GROUP_ID: GROUP_GUID };
    assert.throws(() => assertBotReady(loadConfig(groupOnly)), {
      name: 'ConfigError',
      message: /^APPROVALS_CHANNEL_ID or APPROVER_USER_IDS must be set/,
    });
  });

  const routes: [string, Record<string, string>][] = [
    ['an approvals channel', { APPROVALS_CHANNEL_ID: '19:approvals@thread.tacv2' }],
    ['self-approval', { ALLOW_SELF_APPROVAL: 'true' }],
  ];
  for (const [route, settings] of routes) {
    it(`lets the bot start against a real tenant with only an approver group and ${route}`, () => {
      const { APPROVER_USER_IDS: _none, ...groupOnly } = { ...realTenant, APPROVER_GROUP_ID: GROUP_GUID };
      assert.doesNotThrow(() => assertBotReady(loadConfig({ ...groupOnly, ...settings })));
    });
  }

  for (const [name, message] of missingForRealTenant) {
    it(`keeps the bot from starting against a real tenant without ${name}, but not the command line`, () => {
      const env: Record<string, string> = { ...realTenant };
      delete env[name];
      const config = loadConfig(env);
      assert.throws(() => assertBotReady(config), { name: 'ConfigError', message });
    });
  }

  it('never puts the bot password or link key in the printable summary', () => {
    const summary = describeConfig(
      loadConfig({
        BOT_APP_ID: 'bot-app',
        SECRET_BOT_PASSWORD: 'Bot~Pass.Word',
        SECRET_LINK_SIGNING_KEY: 'L'.repeat(40),
      }),
    );
    assert.match(summary, /bot app bot-app on 127\.0\.0\.1:3978/);
    assert.doesNotMatch(summary, /Bot~Pass|LLLL/);
  });
});
