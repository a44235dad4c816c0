/**
 * The configuration, translated into what the bot and its inbound security take: plain values, no environment.
 */
import { readFile } from 'node:fs/promises';
import type { InboundSecuritySettings } from '../bot/auth/index.ts';
import type { BotSettings } from '../bot/bot-deps.ts';
import type { AppConfig } from '../config.ts';
import { ConfigError } from '../operations/bulk-config.ts';
import { preflightOptionsOf } from './preflight-options.ts';

export function toBotSettings(config: AppConfig): BotSettings {
  const bot = config.bot;
  return {
    appId: bot.appId,
    sandbox: bot.sandbox,
    approvers: {
      userIds: bot.approverUserIds,
      ...(bot.approverGroupId === undefined ? {} : { groupId: bot.approverGroupId }),
      allowSelfApproval: bot.allowSelfApproval,
      ...(bot.approvalsChannelId === undefined ? {} : { channelConversationId: bot.approvalsChannelId }),
    },
    approvalTtlMs: bot.approvalTtlMs,
    approvalRules: {
      readOnlyWithoutApprover: bot.readOnlyWithoutApprover,
      twoApproversAboveRows: bot.twoApproversAboveRows,
    },
    progressIntervalMs: bot.progressIntervalMs,
    publicBaseUrl: bot.publicBaseUrl,
    linkTtlMs: bot.linkTtlMs,
    upload: { ...bot.upload, maxBytes: config.csvLimits.maxBytes },
    csvLimits: config.csvLimits,
    ...(bot.notificationChannelId === undefined ? {} : { notificationChannelId: bot.notificationChannelId }),
    preflight: preflightOptionsOf(config),
    bulk: config.bulk,
    restoreConcurrentRows: config.restoreConcurrentRows,
  };
}

/** Reads the bot certificate's PEM (private key included) when one is configured. */
export async function toInboundSecuritySettings(config: AppConfig): Promise<InboundSecuritySettings> {
  const bot = config.bot;
  const certificate = bot.appCertificate;
  const privateKeyPem =
    certificate === undefined
      ? undefined
      : await readFile(certificate.path, 'utf8').catch(() => {
          throw new ConfigError('BOT_CERTIFICATE_PATH', `BOT_CERTIFICATE_PATH ${certificate.path} cannot be read.`);
        });
  return {
    appId: bot.appId,
    appPassword: bot.appPassword,
    appTenantId: bot.appTenantId,
    appType: bot.appType,
    appCertificate:
      certificate === undefined || privateKeyPem === undefined
        ? undefined
        : { thumbprint: certificate.thumbprint, privateKeyPem },
    allowedTenantIds: bot.allowedTenantIds,
    allowedServiceUrlHosts: bot.allowedServiceUrlHosts,
    sandbox: bot.sandbox,
    listenHost: bot.host,
  };
}
