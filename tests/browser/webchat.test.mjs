// End-to-end tests of the accessible web chat in Debian's Chromium (headless), against
// the running bot (BOT_URL). scripts/test-browser.sh starts the bot and runs them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  BOT_URL, PAGE_URL, S, WEBHOOK_URL, axe, describeViolations, exchange, http, launchBrowser,
  overflow, say, startEmbedServer,
} from "./lib.mjs";

const EMBED_PORT = Number(process.env.EMBED_PORT || 0);
const EMBED_ORIGIN = EMBED_PORT ? `http://127.0.0.1:${EMBED_PORT}` : "";
// Same server, but an origin that is NOT in WEBCHAT_ALLOWED_ORIGINS.
const FOREIGN_ORIGIN = EMBED_PORT ? `http://localhost:${EMBED_PORT}` : "";

let browser;
let embedServer;

before(async () => {
  browser = await launchBrowser();
  if (EMBED_PORT) embedServer = await startEmbedServer(EMBED_PORT);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (embedServer ? embedServer.close(resolve) : resolve()));
});

// A new tab in a new browser profile context (fresh sessionStorage).
async function openPage({ url = PAGE_URL, viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const context = await browser.newContext({ viewport, locale: "fr-BE", ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector(S.log, { state: "attached" });
  return { context, page, errors };
}

async function withPage(options, body) {
  const { context, page, errors } = await openPage(options);
  try {
    await body(page);
    assert.deepEqual(errors, [], "no JavaScript error in the page");
  } finally {
    await context.close();
  }
}

async function assertNoAxeViolations(page, label) {
  const result = await axe(page);
  console.log(`    axe-core ${result.version} (${label}): ${result.violations.length} violation(s), ` +
    `${result.passes} rule(s) passed, incomplete: ${JSON.stringify(result.incomplete)}`);
  assert.equal(result.violations.length, 0, `axe violations (${label}):\n${describeViolations(result.violations)}`);
}

function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body" };
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      cls: String(el.className),
      text: (el.textContent || "").trim(),
      inWidget: !!el.closest(".wbe-chat"),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      visibleFocus: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

async function lastUserMessage(page) {
  return page.locator(S.user).last().evaluate((node) => ({
    text: node.textContent,
    html: node.innerHTML,
    elements: [...node.querySelectorAll("*")].map((child) => child.tagName.toLowerCase()),
  }));
}

describe("the chat page", () => {
  test("is served by the bot in French, with its security headers", async () => {
    const response = await http(PAGE_URL);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /text\/html/);
    assert.match(response.headers.get("content-security-policy"), /script-src 'self'/);
    const html = await response.text();
    assert.match(html, /<html lang="fr">/);
    for (const file of ["widget.js", "widget.css"]) {
      const asset = await http(`${BOT_URL}/webhooks/webchat/${file}`);
      assert.equal(asset.status, 200, file);
    }
  });

  test("welcomes the user as an automated assistant and labels every control", async () => {
    await withPage({}, async (page) => {
      assert.equal(await page.getAttribute("html", "lang"), "fr");
      const log = page.locator(S.log);
      assert.equal(await log.getAttribute("aria-live"), "polite");
      assert.ok(await log.getAttribute("aria-label"));
      const welcome = await page.locator(S.bot).first().textContent();
      assert.match(welcome, /^Assistant : /);
      assert.match(welcome, /assistant automatisé/);
      assert.match(welcome, /pas avec une personne/);
      assert.match(welcome, /salaire/);
      // Labelled input, named button.
      assert.equal(await page.getByLabel("Votre message").count(), 1);
      assert.equal(await page.getByRole("button", { name: "Envoyer" }).count(), 1);
      assert.equal(await page.locator(S.input).getAttribute("maxlength"), "2000");
    });
  });

  test("has no axe-core violation (WCAG 2.0/2.1 A and AA) before a conversation", async () => {
    await withPage({}, (page) => assertNoAxeViolations(page, "page, before a conversation"));
  });

  test("answers a typed question: the salary in euros, each message naming its sender", async () => {
    await withPage({}, async (page) => {
      const answers = await say(page, "quel est le salaire ?");
      const answer = answers.join("\n");
      assert.match(answer, /28/);
      assert.match(answer, /€/);
      assert.match(answers[0], /^Assistant : /);
      const user = await lastUserMessage(page);
      assert.equal(user.text, "Vous : quel est le salaire ?");
      // The sender prefix is visually hidden but present for screen readers.
      const hidden = await page.locator(`${S.user} .wbe-visually-hidden`).last().evaluate(
        (node) => getComputedStyle(node).clipPath);
      assert.equal(hidden, "inset(50%)");
    });
  });

  test("turns the bot's buttons into quick replies: a click shows the title and sends the payload", async () => {
    await withPage({}, async (page) => {
      const answers = await say(page, "est-ce que je peux postuler ?");
      assert.match(answers.join("\n"), /Quel est votre diplôme le plus élevé/);
      const button = page.getByRole("button", { name: "Bachelier / graduat" });
      assert.equal(await button.count(), 1);
      const group = page.getByRole("group", { name: "Réponses proposées" });
      assert.equal(await group.count(), 1);

      const sent = [];
      page.on("request", (request) => {
        if (request.url() === WEBHOOK_URL && request.method() === "POST") sent.push(request.postDataJSON());
      });
      const next = await exchange(page, () => button.click());
      assert.match(next.join("\n"), /hors de Belgique/);
      assert.equal((await lastUserMessage(page)).text, "Vous : Bachelier / graduat");
      assert.equal(sent.length, 1);
      assert.equal(sent[0].message, "bachelier");
      // The used quick replies are gone; the new question has its own (Oui / Non).
      assert.equal(await page.getByRole("button", { name: "Bachelier / graduat" }).count(), 0);
      assert.equal(await page.getByRole("button", { name: "Non" }).count(), 1);
      // Focus goes back to the message field.
      assert.equal((await focusInfo(page)).tag, "textarea");
    });
  });

  test("the welcome suggestions are quick replies too", async () => {
    await withPage({}, async (page) => {
      const answers = await exchange(page, () =>
        page.getByRole("button", { name: "Quelle est la date limite ?" }).click());
      assert.match(answers.join("\n"), /7 juin 2021/);
    });
  });

  test("the whole self-check can be completed with the keyboard only", async () => {
    await withPage({}, async (page) => {
      // Tab from the top of the page to the message field; every stop shows its focus.
      const stops = [];
      for (let i = 0; i < 30; i += 1) {
        await page.keyboard.press("Tab");
        const info = await focusInfo(page);
        stops.push(info);
        assert.ok(info.visibleFocus, `visible focus on ${JSON.stringify(info)}`);
        if (info.tag === "textarea") break;
      }
      assert.equal(stops.at(-1).tag, "textarea", `never reached the field: ${JSON.stringify(stops)}`);

      const typeAnswer = async (text) =>
        (await exchange(page, async () => {
          await page.keyboard.type(text);
          await page.keyboard.press("Enter");
        })).join("\n");

      assert.match(await typeAnswer("est-ce que je peux postuler ?"), /Quel est votre diplôme le plus élevé/);
      // Shift+Tab from the field walks back through the quick replies.
      let reached = null;
      for (let i = 0; i < 10; i += 1) {
        await page.keyboard.press("Shift+Tab");
        const info = await focusInfo(page);
        assert.ok(info.visibleFocus, `visible focus on ${JSON.stringify(info)}`);
        if (info.text === "Bachelier / graduat") {
          reached = info;
          break;
        }
      }
      assert.ok(reached, "reached the « Bachelier / graduat » quick reply by keyboard");
      const abroad = (await exchange(page, () => page.keyboard.press("Enter"))).join("\n");
      assert.match(abroad, /hors de Belgique/);
      assert.equal((await focusInfo(page)).tag, "textarea", "focus back in the field after a quick reply");

      assert.match(await typeAnswer("non"), /en français/);
      assert.match(await typeAnswer("oui"), /années d'expérience/);
      assert.match(await typeAnswer("3 ans"), /permis B/);
      assert.match(await typeAnswer("oui j'ai le permis et une voiture"), /nommé·e à titre définitif/);
      assert.match(await typeAnswer("non"), /Dernière question/);
      const verdict = await typeAnswer("aucun");
      assert.match(verdict, /vous semblez remplir/);

      // No keyboard trap: Tab leaves the widget (to the footer link, then the browser UI).
      let left = false;
      for (let i = 0; i < 40 && !left; i += 1) {
        await page.keyboard.press("Tab");
        const info = await focusInfo(page);
        left = !info.inWidget;
      }
      assert.ok(left, "Tab moves focus out of the widget");
    });
  });

  test("user messages with HTML are shown as text and never run", async () => {
    // bypassCSP: the page's Content-Security-Policy must not hide a rendering bug.
    await withPage({ bypassCSP: true }, async (page) => {
      for (const attack of ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>"]) {
        await say(page, attack);
        const user = await lastUserMessage(page);
        assert.equal(user.text, `Vous : ${attack}`);
        assert.deepEqual(user.elements, ["p", "span"], user.html); // the text and its sender prefix
      }
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => typeof window.__xss), "undefined");
      assert.equal(await page.locator(`${S.log} img, ${S.log} script`).count(), 0);
    });
  });

  test("bot messages with HTML are shown as text; only http(s) URLs become safe links", async () => {
    await withPage({ bypassCSP: true }, async (page) => {
      await page.route(WEBHOOK_URL, (route) => route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify([{
          recipient_id: "x",
          text: '<img src=x onerror="window.__xss=2"><script>window.__xss=3</script> ' +
            "voir https://www.w-b-e.be/offres?id=1&x=2). Pas javascript:alert(1) ni data:text/html,<b>x</b>",
          buttons: [{ title: "<b onmouseover=\"window.__xss=4\">gras</b>", payload: "oui" }],
        }]),
      }));
      const answers = await say(page, "bonjour");
      assert.match(answers[0], /<img src=x onerror="window.__xss=2"><script>/);
      const links = await page.locator(`${S.bot} a`).evaluateAll((nodes) =>
        nodes.map((a) => ({ href: a.getAttribute("href"), rel: a.getAttribute("rel"), text: a.textContent })));
      assert.equal(links.length, 1, JSON.stringify(links));
      assert.equal(links[0].href, "https://www.w-b-e.be/offres?id=1&x=2");
      assert.match(links[0].rel, /\bnoopener\b/);
      assert.equal(links[0].text, "https://www.w-b-e.be/offres?id=1&x=2 (nouvelle fenêtre)");
      const button = page.locator(S.quick).last();
      assert.equal(await button.textContent(), '<b onmouseover="window.__xss=4">gras</b>');
      await button.hover();
      assert.equal(await page.locator(`${S.log} img, ${S.log} script, ${S.log} b`).count(), 0);
      assert.equal(await page.evaluate(() => typeof window.__xss), "undefined");
    });
  });

  test("links from the offer data in a real answer are clickable", async () => {
    await withPage({}, async (page) => {
      const answers = await say(page, "comment postuler ?");
      assert.match(answers.join("\n"), /https:\/\/www\.w-b-e\.be/);
      const link = page.locator(`${S.bot} a`).last();
      assert.equal(await link.getAttribute("href"), "https://www.w-b-e.be/");
      assert.match(await link.getAttribute("rel"), /noopener/);
    });
  });

  test("says clearly when the server is unreachable, and « Réessayer » resends the message", async () => {
    await withPage({}, async (page) => {
      await page.route(WEBHOOK_URL, (route) => route.abort("connectionrefused"));
      const failed = await say(page, "quel est le salaire ?");
      assert.match(failed.join("\n"), /Erreur : .*Message non envoyé\..*injoignable/s);
      const retry = page.getByRole("button", { name: "Réessayer" });
      assert.equal(await retry.count(), 1);
      await assertNoAxeViolations(page, "page with the unreachable-server message");

      // A server error (HTTP 500) is reported the same way.
      await page.unroute(WEBHOOK_URL);
      await page.route(WEBHOOK_URL, (route) => route.fulfill({ status: 502, body: "Bad gateway" }));
      const failedAgain = await exchange(page, () => retry.click());
      assert.match(failedAgain.join("\n"), /injoignable/);

      await page.unroute(WEBHOOK_URL);
      const answers = await exchange(page, () => page.getByRole("button", { name: "Réessayer" }).click());
      assert.match(answers.join("\n"), /28.*€/s);
      assert.equal(await page.locator(S.error).count(), 0, "the error message is gone after the retry");
      assert.equal(await page.locator(S.user).count(), 1, "the message is shown once");
    });
  });

  test("keeps one conversation id per browser tab (sessionStorage)", async () => {
    const { context, page } = await openPage();
    try {
      const sent = [];
      context.on("request", (request) => {
        if (request.url() === WEBHOOK_URL && request.method() === "POST") sent.push(request.postDataJSON());
      });
      await say(page, "bonjour");
      await page.reload();
      await page.waitForSelector(S.log);
      // The transcript survives a reload of the tab.
      assert.equal(await page.locator(S.user).count(), 1);
      await say(page, "quel est le salaire ?");
      const other = await context.newPage();
      await other.goto(PAGE_URL);
      await other.waitForSelector(S.log);
      assert.equal(await other.locator(S.user).count(), 0, "a new tab starts a new conversation");
      await say(other, "bonjour");
      assert.equal(sent.length, 3);
      assert.match(sent[0].sender, /^webchat-[0-9a-f]{32}$/);
      assert.equal(sent[1].sender, sent[0].sender, "same id after a reload");
      assert.notEqual(sent[2].sender, sent[0].sender, "another tab, another id");
      const stored = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.endsWith(":sender")));
      assert.equal(stored.length, 1);
    } finally {
      await context.close();
    }
  });

  test("limits a message to 2000 characters, with a counter", async () => {
    await withPage({}, async (page) => {
      const input = page.locator(S.input);
      await input.focus();
      await page.keyboard.insertText("a".repeat(1999));
      assert.match(await page.locator(".wbe-chat__counter").textContent(), /^1999 \/ 2000 caractères$/);
      await page.keyboard.type("bcd");
      assert.equal((await input.inputValue()).length, 2000);
      assert.match(await page.locator(".wbe-chat__counter").textContent(), /^2000 \/ 2000 caractères$/);
      assert.match(await page.locator(".wbe-chat__notice").textContent(), /limite de 2000 caractères/);
    });
    // The server refuses longer messages too.
    const response = await http(WEBHOOK_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: "webchat-limit", message: "a".repeat(2001) }),
    });
    assert.ok([400, 413].includes(response.status), `status ${response.status}`);
  });

  test("has no axe-core violation after a conversation (answers, quick replies, links)", async () => {
    await withPage({}, async (page) => {
      await say(page, "quel est le salaire ?");
      await say(page, "comment postuler ?");
      await say(page, "est-ce que je peux postuler ?");
      await assertNoAxeViolations(page, "page, after a conversation");
    });
  });

  test("fits a 320 px wide screen without horizontal scrolling", async () => {
    await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
      await say(page, "quel est le salaire ?");
      await say(page, "comment postuler ?");
      await say(page, "est-ce que je peux postuler ?");
      const result = await overflow(page);
      assert.ok(result.scrollWidth <= result.width, JSON.stringify(result));
      assert.deepEqual(result.offenders, []);
      await assertNoAxeViolations(page, "page at 320 px");
    });
  });

  test("stays usable at 200 % zoom (1280×720 window: 640×360 CSS pixels)", async () => {
    await withPage({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }, async (page) => {
      const answers = await say(page, "quelle est la date limite ?");
      assert.match(answers.join("\n"), /7 juin 2021/);
      const result = await overflow(page);
      assert.ok(result.scrollWidth <= result.width, JSON.stringify(result));
      assert.deepEqual(result.offenders, []);
      for (const selector of [S.input, S.send]) {
        await page.locator(selector).scrollIntoViewIfNeeded();
        assert.ok(await page.locator(selector).isVisible(), selector);
      }
    });
  });
});

describe("the widget embedded on another site with one script tag", { skip: !EMBED_PORT && "EMBED_PORT not set" }, () => {
  test("opens from its launcher, answers, and Esc closes it and returns focus to the launcher", async () => {
    await withPage({ url: `${EMBED_ORIGIN}/` }, async (page) => {
      await page.waitForSelector(S.launcher);
      assert.equal(await page.locator(S.panel).isVisible(), false);
      await assertNoAxeViolations(page, "embedding page, widget closed");

      // Keyboard: Tab to the launcher, Enter opens the panel with the focus in the field.
      let onLauncher = false;
      for (let i = 0; i < 10 && !onLauncher; i += 1) {
        await page.keyboard.press("Tab");
        onLauncher = (await focusInfo(page)).cls.includes("wbe-chat__launcher");
      }
      assert.ok(onLauncher, "the launcher is reachable with Tab");
      assert.ok((await focusInfo(page)).visibleFocus);
      await page.keyboard.press("Enter");
      assert.ok(await page.locator(S.panel).isVisible());
      assert.equal(await page.getByRole("dialog").getAttribute("aria-labelledby") !== null, true);
      assert.equal((await focusInfo(page)).tag, "textarea");

      // A cross-origin conversation (this origin is in WEBCHAT_ALLOWED_ORIGINS).
      const answers = await say(page, "quel est le salaire ?");
      assert.match(answers.join("\n"), /28.*€/s);
      await assertNoAxeViolations(page, "embedding page, widget open after a conversation");

      await page.keyboard.press("Escape");
      assert.equal(await page.locator(S.panel).isVisible(), false);
      const focus = await focusInfo(page);
      assert.ok(focus.cls.includes("wbe-chat__launcher"), `focus on ${JSON.stringify(focus)}`);
      assert.equal(await page.locator(S.launcher).getAttribute("aria-expanded"), "false");

      // Reopened: the conversation is still there.
      await page.keyboard.press("Enter");
      assert.equal(await page.locator(S.user).count(), 1);
      // The close button works as well.
      await page.getByRole("button", { name: "Fermer la discussion" }).click();
      assert.equal(await page.locator(S.panel).isVisible(), false);
    });
  });

  test("the open panel fits a 320 px screen", async () => {
    await withPage({ url: `${EMBED_ORIGIN}/`, viewport: { width: 320, height: 640 } }, async (page) => {
      await page.locator(S.launcher).click();
      await say(page, "comment postuler ?");
      const result = await overflow(page);
      assert.ok(result.scrollWidth <= result.width, JSON.stringify(result));
      assert.deepEqual(result.offenders, []);
      const box = await page.locator(S.panel).boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 320, JSON.stringify(box));
    });
  });

  test("a site that is not in WEBCHAT_ALLOWED_ORIGINS cannot use the webhook", async () => {
    await withPage({ url: `${FOREIGN_ORIGIN}/` }, async (page) => {
      await page.locator(S.launcher).click();
      const answers = await say(page, "quel est le salaire ?");
      assert.match(answers.join("\n"), /injoignable/);
    });
    const allowed = await http(WEBHOOK_URL, {
      method: "OPTIONS",
      headers: { Origin: EMBED_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type" },
    });
    assert.equal(allowed.headers.get("access-control-allow-origin"), EMBED_ORIGIN);
    assert.match(allowed.headers.get("access-control-allow-headers") || "", /content-type/i);
    const refused = await http(WEBHOOK_URL, {
      method: "OPTIONS",
      headers: { Origin: FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST" },
    });
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
    const post = await http(WEBHOOK_URL, {
      method: "POST",
      headers: { Origin: FOREIGN_ORIGIN, "Content-Type": "application/json" },
      body: JSON.stringify({ sender: "webchat-cors", message: "bonjour" }),
    });
    assert.equal(post.headers.get("access-control-allow-origin"), null);
  });
});
