// A real browser for the stack tests: Debian's Chromium (`apt-get install chromium`;
// scripts/chromium-ensure.sh installs it for `make test-stack`) driven by playwright-core,
// which brings no browser of its own. It trusts the run's gateway certificate alone, by its
// public key (--ignore-certificate-errors-spki-list), rather than ignoring TLS errors.
import { createHash, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

/** Where Chromium is: CHROMIUM_PATH, else Debian's (and Ubuntu's) usual places; undefined if none. */
export function chromiumPath(): string | undefined {
  const candidates = [
    process.env["CHROMIUM_PATH"],
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ];
  return candidates.find((path): path is string => path !== undefined && path !== "" && existsSync(path));
}

/** The base64 SHA-256 of the gateway certificate's public key, as Chromium's SPKI allow-list takes it. */
function gatewaySpki(): string {
  const certificate = new X509Certificate(readFileSync(join(dirname(process.env["STACK_CA_FILE"]!), "localhost.crt")));
  const spki = certificate.publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}

/** Chromium, headless, trusting the stack's gateway certificate. */
export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    // Chromium's sandbox refuses to start as root (CI's machines, containers).
    args: [`--ignore-certificate-errors-spki-list=${gatewaySpki()}`, "--no-sandbox"],
  });
}
