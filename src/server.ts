/**
 * The bot's HTTP surface (restify): `POST /api/messages` through botbuilder's CloudAdapter, `GET /healthz`,
 * `GET /files/:token` and, in sandbox mode, `GET /sandbox/files/:name`. Listens only when asked, and a taken
 * port is one sentence, not a stack.
 */
import type { AddressInfo } from 'node:net';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify from 'restify';
import {
  serveSandboxFile,
  serveSignedFile,
  type SandboxFilesOptions,
  type ServeFileDependencies,
} from './bot/files/index.ts';
import type { HealthReport } from './wiring/health-check.ts';

const MAX_TOKEN_LENGTH = 4096;

export interface BotServerOptions {
  host: string;
  port: number;
  adapter: Pick<CloudAdapter, 'process'>;
  /** The bot's activity handler (`bot.handler`). */
  handler: { run(context: TurnContext): Promise<void> };
  health: () => Promise<HealthReport>;
  files: ServeFileDependencies;
  /** Sandbox mode only: CSV files for the Playground's custom activity at `/sandbox/files/:name`. */
  sandboxFiles?: SandboxFilesOptions;
  /** Activities are small; a pasted CSV is bounded by the Teams message size. @default 1 MiB */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface BotServer {
  /** `http://127.0.0.1:3978` — the address actually bound (port 0 becomes a real port). */
  url: string;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

export type ServerStartErrorCode = 'PORT_IN_USE' | 'LISTEN_FAILED';

export class ServerStartError extends Error {
  readonly code: ServerStartErrorCode;

  constructor(code: ServerStartErrorCode, message: string) {
    super(message);
    this.name = 'ServerStartError';
    this.code = code;
  }
}

export async function startBotServer(options: BotServerOptions): Promise<BotServer> {
  const log = options.log ?? (() => undefined);
  const server = restify.createServer({
    name: 'mailbox-recovery-bot',
    handleUncaughtExceptions: false,
    // A file link token is a few hundred characters; the router's default cap is 100.
    maxParamLength: MAX_TOKEN_LENGTH,
  });
  // Only JSON, and only on /api/messages: restify's generic bodyParser would also accept multipart bodies and let
  // formidable write their files to the temp folder before any handler (or the bot's authentication) has run.
  // jsonBodyParser hands its options to restify's bodyReader, which enforces maxBodySize; @types/restify omits it.
  const jsonOptions: restify.plugins.JsonBodyParserOptions & Pick<restify.plugins.BodyParserOptions, 'maxBodySize'> = {
    maxBodySize: options.maxBodyBytes ?? 1024 * 1024,
  };
  const readActivity = restify.plugins.jsonBodyParser(jsonOptions);
  server.post(
    '/api/messages',
    refuseNonJsonBody,
    ...readActivity,
    async (req: restify.Request, res: restify.Response) => {
      await options.adapter.process(req, res, (context) => options.handler.run(context));
    },
  );

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const report = await options.health();
    res.header('cache-control', 'no-store');
    res.send(report.status === 'ok' ? 200 : 503, report);
  });

  server.get('/files/:token', async (req: restify.Request, res: restify.Response) => {
    const token = typeof req.params?.token === 'string' ? req.params.token : '';
    const served = await serveSignedFile(token, options.files);
    // restify's writeHead returns nothing: never chain it.
    res.writeHead(served.status, served.headers);
    res.end(served.body);
  });

  const sandboxFiles = options.sandboxFiles;
  if (sandboxFiles !== undefined) {
    server.get('/sandbox/files/:name', async (req: restify.Request, res: restify.Response) => {
      const served = await serveSandboxFile(typeof req.params?.name === 'string' ? req.params.name : '', sandboxFiles);
      res.writeHead(served.status, served.headers);
      res.end(served.body);
    });
  }

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error, callback: () => void) => {
    log(`${req.method ?? 'GET'} ${req.path()} failed: ${error.name}`);
    callback();
  });

  await listen(server, options.host, options.port);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    close: () => (closing ??= closeServer(server)),
  };
}

/** Bot Framework activities are JSON (Teams sends `application/json; charset=utf-8`); anything else is a 415. */
function refuseNonJsonBody(req: restify.Request, res: restify.Response, next: restify.Next): void {
  if (req.getContentType() === 'application/json') {
    next();
    return;
  }
  // Answered before the body is read, so none of it is parsed, buffered or written anywhere.
  res.header('connection', 'close');
  res.send(415, { code: 'UnsupportedMediaType', message: 'The bot accepts only application/json activities.' });
  next(false);
}

function listen(server: restify.Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new ServerStartError(
            'PORT_IN_USE',
            `Port ${port} on ${host} is already in use: stop the other process or set PORT to a free port.`,
          ),
        );
      } else {
        reject(
          new ServerStartError(
            'LISTEN_FAILED',
            `The bot cannot listen on ${host}:${port} (${error.code ?? error.message}).`,
          ),
        );
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: restify.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive connections would otherwise hold close() open; requests in flight still finish.
    server.server.closeIdleConnections();
  });
}
