export { assertAnonymousAllowed, isLoopbackHost } from './anonymous-access.ts';
export { checkActivityOrigin, type ActivityOriginSettings, type ActivityOriginVerdict } from './activity-origin.ts';
export { createBotFrameworkAuthentication, validateBotFrameworkClaims } from './bot-authentication.ts';
export { assertInboundSecuritySettings } from './inbound-security-validation.ts';
export {
  BOT_FRAMEWORK_TOKEN_ISSUER,
  DEFAULT_TEAMS_SERVICE_URL_HOSTS,
  InboundSecurityError,
  TEAMS_CHANNEL_ID,
  type BotAppType,
  type InboundSecurityErrorCode,
  type InboundSecuritySettings,
} from './inbound-security-settings.ts';
