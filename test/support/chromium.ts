// Real Chromium for browser tests: Debian's package, driven by playwright-core (which downloads nothing).
// Every launch gets a fresh profile in a temp dir; close() ends the browser and removes the profile.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AIFT_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep a headless Chromium off the network it cannot reach here (and off a missing GPU). */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningChromium {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Closes the browser (its processes end with it) and removes the profile. Safe to call twice. */
  close(): Promise<void>;
}

export class ChromiumNotInstalledError extends Error {
  constructor() {
    super(
      `Chromium is not installed at ${CHROMIUM_PATH}: run scripts/setup.sh as root (apt-get install chromium)`,
    );
    this.name = 'ChromiumNotInstalledError';
  }
}

export async function startChromium(options: { viewport?: { width: number; height: number } } = {}) {
  if (!existsSync(CHROMIUM_PATH)) throw new ChromiumNotInstalledError();
  const profile = mkdtempSync(join(tmpdir(), 'aift-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: options.viewport ?? { width: 1600, height: 1000 },
  });
  const browser = context.browser();
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= context.close().finally(() => rmSync(profile, { recursive: true, force: true })));
  return { browser, context, close } as RunningChromium;
}
