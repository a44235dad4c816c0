// The Azure side of `atk provision --env dev` (m365agents.yml): a Linux App Service plan and web app that run
// `npm start` on Node 20, and an Azure Bot (single tenant) with the Teams channel pointing at it. The app settings
// carry exactly the names src/config.ts reads. A redeployment replaces every app setting, so settings are changed in
// env/.env.dev and provisioned again, not edited in the portal.

@minLength(4)
@maxLength(24)
@description('Names the plan, the web app and the bot; the web app name must be unique in Azure.')
param resourceBaseName string

param location string = resourceGroup().location

@description('B1 or above: the bot runs jobs in the background, so it needs Always On.')
param appServiceSku string = 'B1'

@description('F0 (free) covers the Teams channel.')
param botServiceSku string = 'F0'

@maxLength(42)
param botDisplayName string = 'Mailbox Recovery'

@description('The bot identity (BOT_ID): a single-tenant Entra app, and its tenant.')
param botAppId string
param botTenantId string

@secure()
param botPassword string

@description('The tenant app that calls Exchange Online and Microsoft Graph (TENANT_ID, CLIENT_ID).')
param tenantId string
param clientId string

@secure()
@description('SECRET_CLIENT_SECRET; remove it from azure.parameters.json when the tenant app uses a certificate.')
param clientSecret string = ''

@description('UPLOAD_ALLOWED_HOSTS: the SharePoint hosts CSV uploads are downloaded from.')
param uploadAllowedHosts string

@secure()
@description('SECRET_LINK_SIGNING_KEY: at least 32 bytes.')
param linkSigningKey string

@description('The optional settings that have a value in env/.env.<env>: base64 JSON from infra/pack-app-settings.mjs.')
param packedAppSettings string = 'e30='

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    // One instance: the job store and the audit trail take a lock on the data directory, one writer at a time.
    capacity: 1
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // TypeScript runs through tsx at start-up: `npm start` is `node --import tsx src/index.ts`.
      appCommandLine: 'npm start'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  // The fixed settings come last, so a packed setting cannot override them.
  properties: union(json(base64ToString(packedAppSettings)), {
    // node_modules is deployed as built by `npm ci`: no build on the server.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    // /home is the App Service's persistent storage; a deployment replaces only /home/site/wwwroot.
    DATA_DIR: '/home/data'
    // App Service forwards to the PORT it sets, on every interface of the container.
    HOST: '0.0.0.0'
    PUBLIC_BASE_URL: 'https://${webApp.properties.defaultHostName}'
    TENANT_ID: tenantId
    CLIENT_ID: clientId
    SECRET_CLIENT_SECRET: clientSecret
    BOT_APP_ID: botAppId
    BOT_APP_TYPE: 'SingleTenant'
    BOT_TENANT_ID: botTenantId
    SECRET_BOT_PASSWORD: botPassword
    UPLOAD_ALLOWED_HOSTS: uploadAllowedHosts
    SECRET_LINK_SIGNING_KEY: linkSigningKey
  })
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// The Toolkit writes each output to env/.env.<env> under its own name (https://aka.ms/teamsfx-actions/arm-deploy).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
