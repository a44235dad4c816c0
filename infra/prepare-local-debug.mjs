// Run first by m365agents.local.yml (debugging in a real Teams client through a dev tunnel). Stops with one sentence
// while env/.env.local still holds the sandbox's placeholder ids (the Toolkit would reuse them instead of registering
// an app and a bot) or lacks the tunnel's address, then writes BOT_DOMAIN (the manifest's validDomains) from it.
import { pathToFileURL } from 'node:url';

/** The fixed ids env/.env.local carries so that the sandbox package builds offline; they name no real app. */
export const SANDBOX_PLACEHOLDER_IDS = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-00000000a001',
  BOT_ID: '00000000-0000-4000-8000-00000000b001',
};

/**
 * What the script prints for the Toolkit: `::set-teamsfx-env` lines, or the one sentence that stops provisioning.
 * @returns {{ ok: true, lines: string[] } | { ok: false, message: string }}
 */
export function prepareLocalDebug(env) {
  const placeholders = Object.entries(SANDBOX_PLACEHOLDER_IDS)
    .filter(([name, placeholder]) => env[name]?.trim() === placeholder)
    .map(([name]) => name);
  if (placeholders.length > 0) {
    return {
      ok: false,
      message:
        `env/.env.local still holds the sandbox's placeholder ${placeholders.join(' and ')}: empty ` +
        `${placeholders.length === 1 ? 'it' : 'them'} there, then provision again to register a real app and bot.`,
    };
  }
  const endpoint = env.BOT_ENDPOINT?.trim() ?? '';
  let url = null;
  try {
    url = new URL(endpoint);
  } catch {
    url = null; // not a URL at all: answered below with the same sentence as any other bad address
  }
  if (url === null || url.protocol !== 'https:' || url.origin !== endpoint) {
    return {
      ok: false,
      message:
        "Set BOT_ENDPOINT in env/.env.local to your dev tunnel's https address, no path nor " +
        'trailing slash (e.g. https://abc123-3978.euw.devtunnels.ms), then provision again.',
    };
  }
  return { ok: true, lines: [`::set-teamsfx-env BOT_DOMAIN=${url.host}`] };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = prepareLocalDebug(process.env);
  if (result.ok) {
    for (const line of result.lines) console.log(line);
  } else {
    console.error(result.message);
    process.exitCode = 1;
  }
}
