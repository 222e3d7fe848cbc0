// The referents' web inbox in Debian's Chromium (headless): a question forwarded to the bot
// over REST in this test reaches the inbox, is passed to a colleague who answers it, the
// answer reaches the local SMTP server, the question is closed, and the dashboard shows what
// the database holds. axe-core on every page. scripts/test-browser.sh starts everything.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { after, before, describe, test } from "node:test";

import { BOT_URL, axe, describeViolations, http, launchBrowser } from "./lib.mjs";

const WEB = (process.env.REFERENT_URL || "http://127.0.0.1:5080").replace(/\/$/, "");
const A = { email: process.env.REFERENT_A_EMAIL, password: process.env.REFERENT_A_PASSWORD };
const B = { email: process.env.REFERENT_B_EMAIL, password: process.env.REFERENT_B_PASSWORD };
const ROOT = resolve(import.meta.dirname, "..", "..");
const PYTHON = resolve(ROOT, ".venv-app", "bin", "python");
// The helper scripts import the project's modules.
const PY_OPTIONS = { encoding: "utf8", cwd: import.meta.dirname, env: { ...process.env, PYTHONPATH: ROOT } };
const CANDIDATE = `claire.${Date.now()}@example.org`;

let browser;
let reference;

before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function say(sender, message) {
  const response = await http(`${BOT_URL}/webhooks/rest/webhook`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sender, message }),
  });
  assert.equal(response.status, 200);
  return JSON.parse(await response.text()).map((part) => part.text || "").join("\n");
}

function mailbox() {
  return JSON.parse(execFileSync(PYTHON, ["mailbox.py", process.env.SMTP_SINK_DIR], PY_OPTIONS));
}

async function waitForMail(predicate, label) {
  for (let i = 0; i < 50; i += 1) {
    const found = mailbox().filter(predicate);
    if (found.length) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no email: ${label}`);
}

async function checkAxe(page, label) {
  const result = await axe(page);
  console.log(`    axe-core ${result.version} (${label}): ${result.violations.length} violation(s), ` +
    `${result.passes} rule(s) passed`);
  assert.equal(result.violations.length, 0, `axe violations (${label}):\n${describeViolations(result.violations)}`);
}

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: "fr-BE" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  return { context, page, errors };
}

// Keyboard only: type into the fields and press Enter.
async function logIn(page, who) {
  await page.waitForSelector("h1:text('Connexion')");
  await page.focus("#email");
  await page.keyboard.type(who.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(who.password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

describe("referents' web inbox", () => {
  test("a candidate's question forwarded over REST reaches the inbox", async () => {
    const sender = `browser-referent-${Date.now()}`;
    assert.match(await say("browser-topics", "quel est le salaire ?"), /€/);
    assert.match(await say(sender, "je voudrais parler à quelqu'un"), /Quelle question souhaitez-vous transmettre/);
    assert.match(await say(sender, "<b>Mon graduat</b> en marketing suffit-il pour ce poste ?"), /adresse e-mail/);
    const confirmation = await say(sender, CANDIDATE);
    reference = confirmation.match(/Votre référence : (Q-[A-Z0-9]{8})/)[1];
    assert.ok(reference);
  });

  test("nothing is shown before logging in; login and inbox pass axe-core", async () => {
    const { context, page, errors } = await newPage();
    try {
      await page.goto(`${WEB}/`);
      assert.match(page.url(), /\/connexion/);
      assert.equal(await page.locator(`text=${CANDIDATE}`).count(), 0);
      await checkAxe(page, "login page");
      await logIn(page, A);
      await page.waitForSelector(`a:text('${reference}')`);
      assert.equal(await page.locator(`td:text('${CANDIDATE}')`).count(), 1);
      // The candidate's HTML is shown as text, not rendered.
      assert.match(await page.locator("td.tickets__question").first().textContent(), /<b>Mon graduat<\/b>/);
      await checkAxe(page, "inbox");
      // A link has a visible focus ring.
      await page.focus(`a:text('${reference}')`);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, "none");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("forwarded to a colleague, who answers; the candidate gets one email; then closed", async () => {
    const ana = await newPage();
    const bea = await newPage();
    try {
      await ana.page.goto(`${WEB}/`);
      await logIn(ana.page, A);
      await ana.page.click(`a:text('${reference}')`);
      await ana.page.waitForSelector(`h1:text('Question ${reference}')`);
      await checkAxe(ana.page, "one question");
      await ana.page.selectOption("#forward-to", B.email);
      await ana.page.fill("#forward-note", "Peux-tu répondre ? C'est ton domaine.");
      await Promise.all([ana.page.waitForNavigation(), ana.page.click("button:text('Transmettre')")]);
      assert.equal((await ana.page.textContent("#ticket-holder")).trim(), B.email);
      assert.match(await ana.page.textContent("#ticket-history"), new RegExp(`Transmise par ${A.email} à ${B.email}`));

      const [forwarded] = await waitForMail((m) => m.to === B.email && m.subject.includes(reference), "forward");
      const link = forwarded.body.match(/https?:\/\/\S+\/questions\/Q-[A-Z0-9]{8}/)[0];
      assert.ok(!forwarded.body.includes(CANDIDATE), "the forward email does not carry the candidate's address");

      await bea.page.goto(link);
      await logIn(bea.page, B);
      await bea.page.waitForSelector(`h1:text('Question ${reference}')`);
      await bea.page.fill("#answer", "Oui : un graduat est un diplôme de l'enseignement supérieur de type court.");
      await Promise.all([bea.page.waitForNavigation(), bea.page.click("button:text('Envoyer la réponse')")]);
      assert.match(await bea.page.textContent(".flash--success"), /envoyée au candidat/);
      await checkAxe(bea.page, "answered question");

      const answers = await waitForMail((m) => m.to === CANDIDATE && m.subject.includes(reference), "answer");
      assert.equal(answers.length, 1);
      assert.match(answers[0].body, /un graduat est un diplôme de l'enseignement supérieur/);

      await ana.page.reload();
      assert.equal(await ana.page.locator("#answer").count(), 0, "no second answer form");
      await Promise.all([ana.page.waitForNavigation(), ana.page.click("button:text('Classer la question')")]);
      assert.equal((await ana.page.textContent("#ticket-status")).trim(), "Classée");
      assert.match(await ana.page.textContent("#ticket-history"), /Répondue par .*Classée par/s);
      assert.deepEqual([...ana.errors, ...bea.errors], []);
    } finally {
      await ana.context.close();
      await bea.context.close();
    }
  });

  test("the dashboard shows the database's counts; every page passes axe-core, also at 320 px", async () => {
    const expected = JSON.parse(execFileSync(PYTHON, ["db_counts.py"], PY_OPTIONS));
    const { context, page, errors } = await newPage();
    try {
      await page.goto(`${WEB}/tableau-de-bord`);
      await logIn(page, A);
      await page.waitForSelector("h1:text('Tableau de bord')");
      const table = (id) => page.$$eval(`#${id} tbody tr`, (rows) => Object.fromEntries(rows
        .filter((row) => row.querySelector("td[data-count]"))
        .map((row) => [row.querySelector("th").textContent.trim(), Number(row.querySelector("td[data-count]").dataset.count)])));
      assert.ok(expected.topics["Le salaire"] >= 1, "the salary answer was counted");
      assert.deepEqual(await table("topics-table"), expected.topics);
      assert.deepEqual(await table("verdicts-table"), expected.verdicts);
      assert.equal(Number(await page.textContent("#waiting-count")), expected.statuses.new || 0);
      for (const status of ["new", "answered", "closed"]) {
        assert.equal(Number(await page.textContent(`[data-status=${status}]`)), expected.statuses[status] || 0);
      }
      await checkAxe(page, "dashboard");
      await page.goto(`${WEB}/effacer`);
      await checkAxe(page, "erase form");
      await page.setViewportSize({ width: 320, height: 640 });
      for (const path of ["/", `/questions/${reference}`, "/tableau-de-bord"]) {
        await page.goto(`${WEB}${path}`);
        const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(width[0] <= width[1], `no horizontal scrolling at 320 px on ${path}: ${width}`);
        await checkAxe(page, `${path} at 320 px`);
      }
      await Promise.all([page.waitForNavigation(), page.click("button:text('Se déconnecter')")]);
      await page.goto(`${WEB}/`);
      assert.match(page.url(), /\/connexion/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
