/** Serves a test's CSV files on loopback, the way SharePoint serves the download link Teams hands the bot. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServer {
  /** Puts a file up and answers its download link. */
  put(name: string, content: string | Uint8Array): string;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, Uint8Array>();
  const server: Server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice('/files/'.length));
    const content = files.get(name);
    response.statusCode = content === undefined ? 404 : 200;
    response.setHeader('content-type', 'application/octet-stream');
    response.end(content ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    put(name, content) {
      files.set(name, typeof content === 'string' ? new TextEncoder().encode(content) : content);
      return `http://127.0.0.1:${port}/files/${encodeURIComponent(name)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
