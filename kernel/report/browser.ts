import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

/** Debian's Chromium; LAB_CHROMIUM overrides. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.LAB_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => p !== undefined && p !== "" && existsSync(p));
}

/**
 * Flags that work on this closed, root-run machine: without the background-networking ones Chromium
 * floods the refused network; --no-sandbox because CI runs as root. Playwright adds a fresh profile.
 */
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) {
    throw new Error("Chromium not found: install Debian's chromium (apt-get install chromium) or set LAB_CHROMIUM");
  }
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
}
