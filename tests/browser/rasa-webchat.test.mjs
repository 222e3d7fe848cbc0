// The standard rasa-webchat widget (npm 1.0.x, its lib/index.js bundle, as sites load it
// from a CDN) on a page of another site, in Debian's Chromium, against the bot's socket.io
// channel (webchat/socketio.py). scripts/test-browser.sh starts the bot with
// WEBCHAT_ALLOWED_ORIGINS=http://127.0.0.1:$EMBED_PORT; the same page served as
// http://localhost:$EMBED_PORT is a site that is not listed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";

import { BOT_URL, launchBrowser } from "./lib.mjs";

const require = createRequire(import.meta.url);
const EMBED_PORT = Number(process.env.EMBED_PORT || 0);
const ALLOWED_ORIGIN = `http://127.0.0.1:${EMBED_PORT}`;
const FOREIGN_ORIGIN = `http://localhost:${EMBED_PORT}`;
const BUNDLE = readFileSync(require.resolve("rasa-webchat/lib/index.js"));
const VERSION = JSON.parse(readFileSync(require.resolve("rasa-webchat/package.json"), "utf8")).version;
const NOT_UNDERSTOOD = /pas certain d'avoir compris/;
// The bot's messages (not the typing indicator, also a .rw-response).
const RESPONSE = ".rw-response .rw-message-text";

// The page of docs/webchat.md ("The standard rasa-webchat widget") with its initPayload,
// with that of rasa-webchat's own examples, and with none (the widget then opens the
// conversation with no message).
const PAGES = { "/": "/greet", "/get-started": "/get_started", "/no-payload": null };

function sitePage(initPayload) {
  const options = {
    socketUrl: BOT_URL,
    socketPath: "/socket.io/",
    customData: { language: "fr" },
    title: "Assistant candidats WBE",
    subtitle: "Assistant automatisé, pas une personne",
    inputTextFieldHint: "Votre message",
    params: { storage: "session" },
    ...(initPayload ? { initPayload } : {}),
  };
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Site qui intègre rasa-webchat</title></head>
<body>
  <main><h1>Site qui intègre rasa-webchat</h1></main>
  <script src="/rasa-webchat.js"></script>
  <script>WebChat.default(${JSON.stringify(options)}, null);</script>
</body>
</html>`;
}

let browser;
let site;

before(async () => {
  browser = await launchBrowser();
  site = createServer((req, res) => {
    const path = req.url.split("?")[0];
    if (path === "/rasa-webchat.js") {
      res.writeHead(200, { "Content-Type": "application/javascript; charset=utf-8" });
      res.end(BUNDLE);
    } else if (path in PAGES) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(sitePage(PAGES[path]));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    site.once("error", reject);
    site.listen(EMBED_PORT, resolve); // IPv4 and IPv6: 127.0.0.1 and localhost both reach it
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve()));
});

// Opens the page, records the socket.io traffic, opens the widget.
async function openWidget(url, { open = true } = {}) {
  const context = await browser.newContext({ locale: "fr-BE" });
  const page = await context.newPage();
  const traffic = { websockets: [], framesReceived: 0, attempts: 0, errors: [] };
  page.on("pageerror", (error) => traffic.errors.push(error.message));
  page.on("request", (request) => {
    if (request.url().startsWith(`${BOT_URL}/socket.io/`)) traffic.attempts += 1;
  });
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/socket.io/")) return;
    traffic.websockets.push(ws.url());
    ws.on("framereceived", () => { traffic.framesReceived += 1; });
  });
  await page.goto(url);
  if (open) await page.locator(".rw-launcher").click();
  return { context, page, traffic };
}

function responses(page) {
  return page.locator(RESPONSE).allTextContents();
}

async function waitForResponses(page, count, timeout = 60000) {
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector).length >= n,
    [RESPONSE, count], { timeout });
  await page.waitForTimeout(500); // the rest of the same turn
  return responses(page);
}

async function send(page, text) {
  const before = (await responses(page)).length;
  await page.locator(".rw-new-message").fill(text);
  await page.keyboard.press("Enter");
  return (await waitForResponses(page, before + 1)).slice(before);
}

describe(`rasa-webchat ${VERSION} on another site`, { skip: !EMBED_PORT && "EMBED_PORT not set" }, () => {
  test("an allowed site: greeting for the documented initPayload, answers, WebSocket transport", async () => {
    const { context, page, traffic } = await openWidget(`${ALLOWED_ORIGIN}/`);
    try {
      const greeting = await waitForResponses(page, 1);
      assert.match(greeting[0], /^Bonjour/);
      assert.doesNotMatch(greeting.join("\n"), NOT_UNDERSTOOD);
      const answer = await send(page, "quel est le salaire ?");
      assert.match(answer.join("\n"), /salaire/i);
      assert.doesNotMatch(answer.join("\n"), NOT_UNDERSTOOD);
      // socket.io upgraded the polling connection to a WebSocket, which carries frames.
      assert.ok(traffic.websockets.length >= 1, "a WebSocket to /socket.io/ was opened");
      assert.ok(traffic.framesReceived > 0, "the WebSocket received frames");
      assert.deepEqual(traffic.errors, []);
    } finally {
      await context.close();
    }
  });

  for (const path of ["/get-started", "/no-payload"]) {
    test(`an allowed site with initPayload ${PAGES[path] ?? "unset"} gets the greeting`, async () => {
      const { context, page, traffic } = await openWidget(`${ALLOWED_ORIGIN}${path}`);
      try {
        const greeting = await waitForResponses(page, 1);
        assert.match(greeting[0], /^Bonjour/);
        assert.doesNotMatch(greeting.join("\n"), NOT_UNDERSTOOD);
        assert.deepEqual(traffic.errors, []);
      } finally {
        await context.close();
      }
    });
  }

  test("a site that is not listed gets nothing: no greeting, no answer, no WebSocket", async () => {
    // The widget hides its launcher while it is not connected (hideWhenNotConnected).
    const { context, page, traffic } = await openWidget(`${FOREIGN_ORIGIN}/`, { open: false });
    try {
      await page.waitForTimeout(10000);
      const launcher = page.locator(".rw-launcher");
      if (await launcher.isVisible()) {
        await launcher.click();
        await page.locator(".rw-new-message").fill("quel est le salaire ?");
        await page.keyboard.press("Enter");
        await page.waitForTimeout(5000);
      }
      assert.deepEqual(await responses(page), []);
      assert.equal(traffic.framesReceived, 0);
      assert.ok(traffic.attempts > 0, "the widget did try to reach the bot");
    } finally {
      await context.close();
    }
  });
});
