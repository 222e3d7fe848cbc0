// Helpers shared by the browser tests and the screenshot command.
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);

export const BOT_URL = (process.env.BOT_URL || "http://127.0.0.1:5005").replace(/\/$/, "");
export const PAGE_URL = `${BOT_URL}/webhooks/webchat/`;
export const WEBHOOK_URL = `${BOT_URL}/webhooks/webchat/webhook`;
export const WIDGET_URL = `${BOT_URL}/webhooks/webchat/widget.js`;
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Debian's Chromium, headless, with nothing reaching out to the network on its own.
// Playwright starts it with a new, empty profile (--user-data-dir in a temporary
// folder that it deletes on close); it refuses a --user-data-dir of ours in launch().
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

// A plain HTTP request without keep-alive (a kept-alive socket to the Rasa server would
// hold the test process open for minutes). Answers like fetch: status, headers.get, text().
export function http(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode,
          headers: { get: (name) => res.headers[name.toLowerCase()] ?? null },
          text: async () => text,
        });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

// Selectors of the widget's parts.
export const S = {
  log: "[role=log]",
  input: "textarea.wbe-chat__input",
  send: "button.wbe-chat__send",
  bot: ".wbe-chat__msg--bot",
  user: ".wbe-chat__msg--user",
  error: ".wbe-chat__msg--error",
  quick: ".wbe-chat__quick-btn",
  status: ".wbe-chat__status",
  launcher: ".wbe-chat__launcher",
  panel: ".wbe-chat__panel",
};

const ANSWERS = `${S.bot}, ${S.error}`;

// Runs `action`, waits until the widget has shown the answer(s), returns the new
// bot/error messages' text (including the visually hidden sender prefix).
export async function exchange(page, action, { timeout = 60000 } = {}) {
  // Mark what is already there: the action may remove a message (a retried error).
  await page.evaluate((selector) => {
    for (const node of document.querySelectorAll(selector)) node.dataset.testSeen = "1";
  }, ANSWERS);
  const fresh = `:is(${ANSWERS}):not([data-test-seen])`;
  await action();
  await page.waitForFunction(
    ([selector, status]) =>
      document.querySelectorAll(selector).length > 0 &&
      !(document.querySelector(status) || {}).textContent,
    [fresh, S.status],
    { timeout },
  );
  return page.locator(fresh).evaluateAll((nodes) => nodes.map((node) => node.textContent));
}

// Types a message and presses Enter (keyboard only), returns the answers' text.
export async function say(page, text) {
  return exchange(page, async () => {
    await page.focus(S.input);
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  });
}

// axe-core in the page, WCAG 2.0/2.1 A and AA rules only.
export async function axe(page, context = undefined) {
  const loaded = await page.evaluate(() => typeof window.axe === "object");
  if (!loaded) {
    // Evaluated through the DevTools protocol: works under the page's CSP.
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(
    ([tags, ctx]) =>
      window.axe.run(ctx || document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations", "incomplete"],
      }).then((r) => ({
        violations: r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
        })),
        incomplete: r.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length })),
        passes: r.passes.length,
        version: window.axe.version,
      })),
    [AXE_TAGS, context],
  );
}

export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`)
    .join("\n");
}

// A page of "another site" that embeds the widget with one script tag.
export function embedPage(title = "Site d'exemple qui intègre l'assistant") {
  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
</head>
<body>
  <header><p><a href="#contenu">Aller au contenu</a></p></header>
  <main id="contenu">
    <h1>${title}</h1>
    <p>Cette page simule le site de WBE : l'assistant s'ajoute en bas à droite.</p>
    <p><a href="https://www.w-b-e.be">Site de WBE</a></p>
  </main>
  <script src="${WIDGET_URL}" defer></script>
</body>
</html>`;
}

export function startEmbedServer(port) {
  const server = createServer((req, res) => {
    if (req.url === "/" || req.url.startsWith("/?")) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(embedPage());
    } else {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("introuvable");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // No host: listens on IPv6 and IPv4, so both 127.0.0.1 and localhost reach it.
    server.listen(port, () => resolve(server));
  });
}

// Horizontal overflow of the page and the widget elements sticking out of the viewport.
export function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [];
    for (const node of document.querySelectorAll(".wbe-chat *, .wbe-page *")) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (node.closest(".wbe-visually-hidden")) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        if (node.classList.contains("wbe-page__skip")) continue; // off-screen until focused
        offenders.push(`${node.tagName.toLowerCase()}.${node.className} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
      }
    }
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      offenders,
    };
  });
}
