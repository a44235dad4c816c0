import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A canned answer; an object body is sent as JSON. */
export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StubServer {
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type StubHandler = (request: RecordedRequest, index: number) => StubReply | Promise<StubReply>;

/** An HTTP server on 127.0.0.1 that records every request and answers through `handler`. */
export async function startStubServer(handler: StubHandler): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      void Promise.resolve(handler(request, requests.length - 1)).then(
        (reply) => {
          const body =
            typeof reply.body === 'string' || reply.body === undefined
              ? (reply.body ?? '')
              : JSON.stringify(reply.body);
          const json = typeof reply.body === 'object' && reply.body !== null;
          outgoing.writeHead(reply.status ?? 200, {
            ...(json ? { 'content-type': 'application/json' } : {}),
            ...reply.headers,
          });
          outgoing.end(body);
        },
        (error: unknown) => {
          outgoing.writeHead(500, { 'content-type': 'text/plain' });
          outgoing.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A recorded answer from `test/fixtures/exchange/<name>.json`; `{{origin}}` is replaced by `origin`. */
export function loadReplyFixture(name: string, origin = ''): StubReply {
  const url = new URL(`../../fixtures/exchange/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8').replaceAll('{{origin}}', origin)) as StubReply;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
