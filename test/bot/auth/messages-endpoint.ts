/** `POST /api/messages` on 127.0.0.1 the way the bot serves it: restify, its body parser, botbuilder's CloudAdapter. */
import type { AddressInfo } from 'node:net';
import { CloudAdapter, type Activity, type ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

export interface MessagesEndpoint {
  /** Activities the bot's handler received. */
  handled: Activity[];
  post(activity: Partial<Activity>, authorization?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startMessagesEndpoint(
  authentication: ConfigurationBotFrameworkAuthentication,
): Promise<MessagesEndpoint> {
  const adapter = new CloudAdapter(authentication);
  const handled: Activity[] = [];
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context) => {
      handled.push(context.activity);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  return {
    handled,
    async post(activity, authorization) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(activity) });
      // restify sends CloudAdapter's error text as a JSON string.
      const text = await response.text();
      const body: unknown = text.startsWith('"') ? JSON.parse(text) : text;
      return { status: response.status, body: String(body) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
