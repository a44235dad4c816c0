/**
 * A stand-in for the Bot Connector service (the `serviceUrl` Teams puts in every activity) on a loopback port:
 * it answers the bot's REST calls — send `POST /v3/conversations/{id}/activities[/{replyTo}]`, update
 * `PUT /v3/conversations/{id}/activities/{activityId}` (Learn "API reference - Bot Service",
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference) — and keeps the newest version of every message, so a benchmark can wait
 * for a card the bot sent or replaced after its turn.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorMessage {
  id: string;
  conversationId: string;
  /** The message as last sent or updated. */
  activity: { text?: string; summary?: string; attachments?: { content?: unknown }[] };
  /** performance.now() of its last change. */
  changedAt: number;
  /** 1 when sent, plus one per update. */
  versions: number;
}

export interface LocalConnector {
  serviceUrl: string;
  messages(): ConnectorMessage[];
  /** Resolves with the first message (sent or updated from `after` on) whose text or card matches `pattern`. */
  waitFor(pattern: RegExp, options?: { after?: number; timeoutMs?: number }): Promise<ConnectorMessage>;
  close(): Promise<void>;
}

/** `latencyMs`: how long each answer takes, as the real service's round trip would (it is not documented). */
export async function startLocalConnector(options: { latencyMs?: number } = {}): Promise<LocalConnector> {
  const messages = new Map<string, ConnectorMessage>();
  const listeners = new Set<() => void>();
  let nextId = 0;
  const server = createServer((request, response) => {
    void readJson(request).then(async (body) => {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 0));
      const parts = (request.url ?? '').split('?')[0]?.split('/').filter(Boolean) ?? [];
      // v3 / conversations / {id} / activities [/ {activityId}]
      const conversationId = decodeURIComponent(parts[2] ?? '');
      let id: string;
      if (request.method === 'PUT' && parts[4]) id = decodeURIComponent(parts[4]);
      else id = `connector-${++nextId}`;
      messages.set(id, {
        id,
        conversationId,
        activity: body as ConnectorMessage['activity'],
        changedAt: performance.now(),
        versions: (messages.get(id)?.versions ?? 0) + 1,
      });
      for (const listener of [...listeners]) listener();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const textOf = (message: ConnectorMessage) => JSON.stringify(message.activity);
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    messages: () => [...messages.values()],
    waitFor(pattern, options = {}) {
      const after = options.after ?? 0;
      const find = () =>
        [...messages.values()].find((message) => message.changedAt >= after && pattern.test(textOf(message)));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`No message matching ${String(pattern)} within ${options.timeoutMs ?? 600_000} ms`));
        }, options.timeoutMs ?? 600_000);
        const check = () => {
          const found = find();
          if (found === undefined) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
        };
        listeners.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}
