// Apache Thrift's JavaScript browser cross-test client (lib/js/test/phantom-client.js, as
// it is in the source) in headless Chromium instead of PhantomJS, which Apache's cross
// test uses and nobody ships any more. What PhantomJS gave it is stood in for:
// `phantom.page.injectJs` (thrift.js and the generated code are loaded first), `phantom.exit`
// and `require("system").args`. Its transport posts to http://localhost:<port>/service with
// a synchronous XMLHttpRequest, so the page is one of that origin: a page of another
// would need the server to answer CORS, which PhantomJS did not ask for.
//   node js-client.cjs BUILD --port=N [--testloops=N] [--host=…] [--transport=http] [--protocol=json]
// Exits 0 when every loop's test passed, 1 when one failed, 2 when it could not run.
// Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium (scripts/chromium-ensure.sh).
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { chromium } = require("playwright-core");

const [build, ...args] = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
};
const port = option("port", "9090");
const loops = Number(option("testloops", "1"));
// The client knows --port alone, and skips --transport=http and --protocol=json.
const clientArgs = ["phantom-client.js", `--port=${port}`, "--transport=http", "--protocol=json"];
const scripts = ["thrift.js", "gen-js/ThriftTest_types.js", "gen-js/ThriftTest.js", "phantom-client.js"].map((file) =>
  readFileSync(join(build, file), "utf8"),
);

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    for (let loop = 0; loop < loops; loop++) {
      const page = await browser.newPage();
      page.on("console", (message) => console.log(message.text()));
      page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
      await page.goto(`http://localhost:${port}/healthz`);
      await page.evaluate((argv) => {
        window.phantom = { page: { injectJs() {} }, exit: (code) => (window.exitCode = code) };
        window.require = () => ({ args: argv });
      }, clientArgs);
      for (const content of scripts) await page.addScriptTag({ content });
      const code = await page.evaluate(() => window.exitCode);
      await page.close();
      if (code !== 0) return 1;
    }
    return 0;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
