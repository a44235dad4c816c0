/**
 * Headless Chromium for the UI tests: Debian's own build (never `npx playwright install`), offline — every
 * request to a host other than this machine is aborted — and a window about as wide as a Teams chat.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A desktop Teams window: the chat column then renders cards at about Teams' own width. */
export const TEAMS_VIEWPORT = { width: 1280, height: 900 };

/** The Playground's title bar, compose box and margins: what the chat pane does not get of the window. */
const CHROME_HEIGHT = 260;
const STEADY_FRAMES = 5;
const SCREENSHOT_DIR = fileURLToPath(new URL('../../../artifacts/screenshots/', import.meta.url));
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const NETWORK_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:']);

export interface TeamsBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export class ChromiumMissingError extends Error {
  readonly code = 'CHROMIUM_MISSING';
}

export async function openTeamsBrowser(): Promise<TeamsBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumMissingError('Chromium is not installed: apt-get install -y chromium');
  }
  const profile = await mkdtemp(join(tmpdir(), 'mrb-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: TEAMS_VIEWPORT,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // The Playground page asks for fonts and telemetry on the internet; tests stay on this machine.
    await context.route('**/*', (route) =>
      isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
    const page = context.pages()[0] ?? (await context.newPage());
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= context.close().finally(() => rm(profile, { recursive: true, force: true })));
    return { context, page, close };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Saves a picture of one element (a card) as `artifacts/screenshots/<name>.png` and returns its path. Waits
 * until the element stops moving (new messages slide in), and grows the window when the card is taller than
 * the chat pane, which would otherwise cut it.
 */
export async function screenshotCard(card: Locator, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const page = card.page();
  const viewport = page.viewportSize() ?? TEAMS_VIEWPORT;
  const box = await card.boundingBox();
  const tall = box !== null && box.height + CHROME_HEIGHT > viewport.height;
  if (tall) await page.setViewportSize({ width: viewport.width, height: Math.ceil(box.height) + CHROME_HEIGHT });
  try {
    await card.scrollIntoViewIfNeeded();
    await waitForSteadyLayout(card);
    await card.screenshot({ path, animations: 'disabled' });
  } finally {
    if (tall) await page.setViewportSize(viewport);
  }
  return path;
}

/** Resolves once the element's box has stayed the same for a few animation frames. */
export async function waitForSteadyLayout(element: Locator): Promise<void> {
  // Runs in the page. No named inner functions: tsx would wrap them in a `__name` helper the page lacks.
  await element.evaluate(async (node, frames) => {
    const window = globalThis as unknown as { requestAnimationFrame(callback: () => void): number };
    let last = '';
    let same = 0;
    while (same < frames) {
      await new Promise<void>((resolve) => window.requestAnimationFrame(() => resolve()));
      const { x, y, width, height } = node.getBoundingClientRect();
      const now = [x, y, width, height].join();
      same = now === last ? same + 1 : 0;
      last = now;
    }
  }, STEADY_FRAMES);
}

function isLocal(url: string): boolean {
  const parsed = new URL(url);
  // data: and blob: URLs never leave the page.
  if (!NETWORK_PROTOCOLS.has(parsed.protocol)) return true;
  return LOCAL_HOSTS.has(parsed.hostname);
}
