import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { downloadUpload, type DownloadOptions } from '../../../src/bot/uploads/download-upload.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const CSV = 'source_guid\n1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40\n';

/** One local server for the file; each test mounts its own handler on a path and reads what the server saw. */
function startFileServer() {
  const handlers = new Map<string, Handler>();
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    seen.push({ path, headers: request.headers });
    const handler = handlers.get(path);
    if (handler === undefined) response.writeHead(404).end('not found');
    else handler(request, response);
  });
  return {
    seen,
    mount(path: string, handler: Handler): string {
      handlers.set(path, handler);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}?tempauth=s3cr3t-token`;
    },
    requestsTo(path: string): number {
      return seen.filter((request) => request.path === path).length;
    },
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const files = startFileServer();
before(() => files.listen());
after(() => files.close());

// The sandbox's settings: plain http, but only to the loopback host on the list.
function options(overrides: Partial<DownloadOptions> = {}): DownloadOptions {
  return { allowedHosts: ['127.0.0.1'], requireHttps: false, maxBytes: 64 * 1024, timeoutMs: 5_000, ...overrides };
}

function failingFetch(): typeof fetch {
  return () => Promise.reject(new Error('no request should have been made'));
}

describe('downloadUpload', () => {
  it('downloads the file with a plain GET that carries no Authorization header', async () => {
    const url = files.mount('/good.csv', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/csv' }).end(CSV);
    });
    const result = await downloadUpload(url, options());
    assert.deepEqual(result, { ok: true, bytes: new Uint8Array(Buffer.from(CSV)), contentType: 'text/csv' });
    const request = files.seen.find((entry) => entry.path === '/good.csv');
    assert.equal(request?.headers.authorization, undefined);
    assert.equal(request?.headers.cookie, undefined);
  });

  it('refuses a host that is not on the list without making a request', async () => {
    const url = files.mount('/elsewhere.csv', (_request, response) => response.end(CSV));
    const result = await downloadUpload(url, options({ allowedHosts: ['contoso.sharepoint.com'] }));
    assert.equal(result.ok ? 'ok' : result.code, 'HOST_NOT_ALLOWED');
    assert.equal(files.requestsTo('/elsewhere.csv'), 0);
  });

  it('never quotes the link, whose query carries a token, in its message', async () => {
    const url = files.mount('/quoted.csv', (_request, response) => response.end(CSV));
    const result = await downloadUpload(url, options({ allowedHosts: ['contoso.sharepoint.com'] }));
    assert.equal(result.ok, false);
    assert.doesNotMatch(result.ok ? '' : result.message, /s3cr3t|tempauth|quoted\.csv/);
  });

  it('refuses plain http when https is required', async () => {
    const url = files.mount('/plain.csv', (_request, response) => response.end(CSV));
    const result = await downloadUpload(url, options({ requireHttps: true }));
    assert.equal(result.ok ? 'ok' : result.code, 'NOT_HTTPS');
    assert.equal(files.requestsTo('/plain.csv'), 0);
  });

  it('refuses plain http to a host other than loopback even in the sandbox', async () => {
    const result = await downloadUpload(
      'http://sandbox.contoso.test/file.csv',
      options({ allowedHosts: ['sandbox.contoso.test'], fetch: failingFetch() }),
    );
    assert.equal(result.ok ? 'ok' : result.code, 'NOT_HTTPS');
  });

  it('refuses a link with a user name in it, which would become an Authorization header', async () => {
    const result = await downloadUpload('https://admin:pw@contoso.sharepoint.com/file.csv', {
      ...options({ allowedHosts: ['contoso.sharepoint.com'], fetch: failingFetch() }),
    });
    assert.equal(result.ok ? 'ok' : result.code, 'INVALID_URL');
  });

  it('refuses a redirect even to an allowed host, and does not follow it', async () => {
    const target = files.mount('/target.csv', (_request, response) => response.end(CSV));
    const url = files.mount('/moved.csv', (_request, response) => response.writeHead(302, { location: target }).end());
    const result = await downloadUpload(url, options());
    assert.equal(result.ok ? 'ok' : result.code, 'REDIRECT_REFUSED');
    assert.equal(files.requestsTo('/target.csv'), 0);
  });

  it('refuses a file whose Content-Length is over the cap', async () => {
    const url = files.mount('/declared.csv', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/csv', 'content-length': '10000' }).end('x'.repeat(10_000));
    });
    const result = await downloadUpload(url, options({ maxBytes: 1_000 }));
    assert.equal(result.ok ? 'ok' : result.code, 'TOO_LARGE');
    assert.match(result.ok ? '' : result.message, /larger than the 1000 bytes limit/);
  });

  it('stops reading a chunked body once it passes the cap, closing the connection', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const everything = 512 * 1024 * 1024;
    let written = 0;
    let closedEarly: (early: boolean) => void = () => undefined;
    const serverSawClose = new Promise<boolean>((resolve) => (closedEarly = resolve));
    const url = files.mount('/endless.csv', (_request, response) => {
      response.on('close', () => closedEarly(!response.writableFinished));
      response.writeHead(200, { 'content-type': 'text/csv' });
      const pump = (): void => {
        while (!response.destroyed && written < everything) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        if (!response.destroyed) response.end();
      };
      pump();
    });
    const result = await downloadUpload(url, options({ maxBytes: 64 * 1024 }));
    assert.equal(result.ok ? 'ok' : result.code, 'TOO_LARGE');
    assert.equal(await serverSawClose, true);
    assert.ok(written < everything);
  });

  it('gives up on a server that does not answer in time', async () => {
    const url = files.mount('/silent.csv', () => undefined);
    const result = await downloadUpload(url, options({ timeoutMs: 200 }));
    assert.equal(result.ok ? 'ok' : result.code, 'TIMEOUT');
  });

  it('gives up on a body that stalls after the headers', async () => {
    const url = files.mount('/stalled.csv', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/csv' });
      response.write('source_guid\n');
    });
    const result = await downloadUpload(url, options({ timeoutMs: 200 }));
    assert.equal(result.ok ? 'ok' : result.code, 'TIMEOUT');
  });

  it('reports the status of a failed download', async () => {
    const url = files.mount('/gone.csv', (_request, response) => response.writeHead(404).end('gone'));
    const result = await downloadUpload(url, options());
    assert.equal(result.ok ? 'ok' : result.code, 'DOWNLOAD_FAILED');
    assert.match(result.ok ? '' : result.message, /HTTP 404/);
  });

  it('recognises the sharing page the iOS client links to instead of the file', async () => {
    const page = '<!DOCTYPE html><html><head><title>recovery.csv</title></head></html>';
    const byType = files.mount('/share-html', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    const bySniffing = files.mount('/share-octet', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(page);
    });
    for (const url of [byType, bySniffing]) {
      const result = await downloadUpload(url, options());
      assert.equal(result.ok ? 'ok' : result.code, 'SHARING_PAGE');
      assert.match(result.ok ? '' : result.message, /sharing page instead of the file/);
    }
  });

  it('reports an unreachable host as a failed download', async () => {
    const closed = startFileServer();
    await closed.listen();
    const url = closed.mount('/x.csv', () => undefined);
    await closed.close();
    const result = await downloadUpload(url, options());
    assert.equal(result.ok ? 'ok' : result.code, 'DOWNLOAD_FAILED');
  });
});

describe('downloadUpload: allowed hosts', () => {
  const allowed = { allowedHosts: ['contoso.sharepoint.com'], requireHttps: true, maxBytes: 1024, timeoutMs: 1_000 };

  function recordingFetch(calls: string[]): typeof fetch {
    return (input) => {
      calls.push(String(input));
      return Promise.resolve(new Response(CSV, { status: 200, headers: { 'content-type': 'text/csv' } }));
    };
  }

  const cases: readonly [string, boolean][] = [
    ['https://contoso.sharepoint.com/file.csv', true],
    ['https://CONTOSO.SharePoint.com/file.csv', true],
    ['https://evil-contoso.sharepoint.com.attacker.test/file.csv', false],
    ['https://contoso.sharepoint.com.attacker.test/file.csv', false],
    ['https://evil.contoso.sharepoint.com/file.csv', false],
    ['https://fabrikam.sharepoint.com/file.csv', false],
  ];
  for (const [url, expected] of cases) {
    it(`${expected ? 'allows' : 'refuses'} ${new URL(url).hostname} for contoso.sharepoint.com`, async () => {
      const calls: string[] = [];
      const result = await downloadUpload(url, { ...allowed, fetch: recordingFetch(calls) });
      assert.equal(result.ok ? 'ok' : result.code, expected ? 'ok' : 'HOST_NOT_ALLOWED');
      assert.equal(calls.length, expected ? 1 : 0);
    });
  }
});
