/**
 * Builds the two gateways for one tenant. One InvokeCommandClient per tenant, because its semaphore is what
 * keeps Exchange calls within the tenant's concurrency limit.
 */
import type { ExchangeGateway, GraphGateway } from '../operations/tenant-ports.ts';
import { InvokeCommandClient } from './exchange/invoke-command-client.ts';
import { createExchangeGateway } from './exchange/exchange-gateway.ts';
import type { PasswordEncoder } from './exchange/password-encoder.ts';
import { createGraphGateway } from './graph/graph-gateway.ts';
import type { TokenProvider } from './token-provider.ts';

export interface ConnectTenantOptions {
  tenantId: string;
  /** e.g. `https://outlook.office365.com` */
  exchangeBaseUrl: string;
  /** e.g. `https://graph.microsoft.com/v1.0` */
  graphBaseUrl: string;
  tokens: TokenProvider;
  passwords: PasswordEncoder;
  /** @default 3 */
  maxConcurrentExchangeCalls?: number;
  /** Count remote calls (pre-flight budget, benchmarks). */
  onExchangeCall?: () => void;
  onGraphCall?: () => void;
}

export interface TenantConnection {
  exchange: ExchangeGateway;
  graph: GraphGateway;
  /** The raw client, for read-only checks such as `doctor`. */
  invokeCommand: InvokeCommandClient;
}

export function connectTenant(options: ConnectTenantOptions): TenantConnection {
  const invokeCommand = new InvokeCommandClient({
    baseUrl: options.exchangeBaseUrl,
    tenantId: options.tenantId,
    tokens: options.tokens,
    maxConcurrentCalls: options.maxConcurrentExchangeCalls ?? 3,
    onCall: options.onExchangeCall,
  });
  return {
    invokeCommand,
    exchange: createExchangeGateway(invokeCommand, options.passwords),
    graph: createGraphGateway({ baseUrl: options.graphBaseUrl, tokens: options.tokens, onCall: options.onGraphCall }),
  };
}
