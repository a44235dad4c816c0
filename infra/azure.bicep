// The Azure side of `atk provision --env dev` (m365agents.yml): a Linux App Service plan and web app on Node 22 LTS
// that run the compiled bot (`node dist/index.js`), and an Azure Bot with the Teams channel pointing at it. The bot's
// identity is a user-assigned managed identity, as in the Toolkit's bot templates
// (OfficeDev/microsoft-365-agents-toolkit templates/vsc/ts/default-bot/infra/azure.bicep and botRegistration/
// azurebot.bicep: `Microsoft.ManagedIdentity/userAssignedIdentities`, msaAppType 'UserAssignedMSI'): no client secret
// to expire or leak. A client secret stays an option (botAuthentication = 'SingleTenant', see m365agents.yml).
// The app settings carry exactly the names src/config.ts reads. A redeployment replaces every app setting, so
// settings are changed in env/.env.dev and provisioned again, not edited in the portal.

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

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
@description('UserAssignedMSI: the bot is the managed identity below. SingleTenant: an Entra app with a client secret.')
param botAuthentication string = 'UserAssignedMSI'

@description('SingleTenant only: the Entra app (BOT_ID) that aadApp/create registers, and its tenant.')
param botAppId string = ''
param botTenantId string = ''

@secure()
@description('SingleTenant only: that app\'s client secret (SECRET_BOT_PASSWORD).')
param botPassword string = ''

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

var useSecret = botAuthentication == 'SingleTenant'

// Created in both modes, so that switching between them changes no resource; unused while a secret is chosen.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

var botClientId = useSecret ? botAppId : identity.properties.clientId
var botIdentityTenantId = useSecret ? botTenantId : identity.properties.tenantId

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
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      // Node 20 reached its end of life in April 2026 (https://github.com/nodejs/Release); 22 is the LTS line App
      // Service offers as NODE|22-lts (Learn "Configure a Node.js app for Azure App Service"). Not 24 yet: restify
      // 11 loads spdy → http-deceiver, which calls process.binding('http_parser'), gone in Node 24
      // (restify/node-restify#1984, spdy-http2/http-deceiver#10); on 20 and 22 it is only the DEP0111 warning.
      linuxFxVersion: 'NODE|22-lts'
      // The JavaScript `npm run build` wrote before the zip deploy: no tsx and no TypeScript at run time. Node
      // itself, not npm, so that App Service's SIGTERM reaches the bot, which then lets running rows checkpoint.
      appCommandLine: 'node --disable-warning=DEP0111 dist/index.js'
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
    // The zip holds dist/ and the lock file but no node_modules (infra/.webappignore): App Service's build (Oryx)
    // installs the dependencies on Linux itself, whatever OS deployed. CUSTOM_BUILD_COMMAND replaces Oryx's default
    // `npm install` + `npm run build` (microsoft/Oryx doc/runtimes/nodejs.md, "Build"; src/BuildScriptGenerator/
    // Node/NodeBashBuildSnippet.sh.tpl): the build already ran before the deploy, and production needs no devDependency.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
    CUSTOM_BUILD_COMMAND: 'npm ci --omit=dev --no-audit --no-fund'
    // /home is the App Service's persistent storage; a deployment replaces only /home/site/wwwroot.
    DATA_DIR: '/home/data'
    // App Service forwards to the PORT it sets, on every interface of the container.
    HOST: '0.0.0.0'
    PUBLIC_BASE_URL: 'https://${webApp.properties.defaultHostName}'
    TENANT_ID: tenantId
    CLIENT_ID: clientId
    SECRET_CLIENT_SECRET: clientSecret
    BOT_APP_ID: botClientId
    BOT_APP_TYPE: botAuthentication
    BOT_TENANT_ID: botIdentityTenantId
    // Empty with the managed identity: src/config.ts reads an empty setting as unset.
    SECRET_BOT_PASSWORD: useSecret ? botPassword : ''
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
    msaAppId: botClientId
    msaAppType: botAuthentication
    msaAppTenantId: botIdentityTenantId
    msaAppMSIResourceId: useSecret ? null : identity.id
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
// The manifest's bots[0].botId: the managed identity's client id (or the Entra app's, which aadApp/create wrote).
output BOT_ID string = botClientId
output BOT_TENANT_ID string = botIdentityTenantId
