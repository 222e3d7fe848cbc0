// Writes docs/screenshots/referent-inbox.png and referent-dashboard.png: a few candidates
// talk to the bot over REST (questions, two forwarded to the referent), then the referent
// logs in. Called by scripts/screenshots.sh, which starts the bot and the inbox.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { BOT_URL, http, launchBrowser } from "./lib.mjs";

const OUT = process.env.SCREENSHOT_DIR ||
  join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");
const WEB = process.env.REFERENT_URL.replace(/\/$/, "");

async function say(sender, message) {
  const response = await http(`${BOT_URL}/webhooks/rest/webhook`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sender, message }),
  });
  return JSON.parse(await response.text()).map((part) => part.text || "").join("\n");
}

const CONVERSATIONS = [
  ["quel est le salaire ?", "et la date limite ?"],
  ["quels diplômes sont acceptés ?", "quel est le salaire ?"],
  ["faut-il le permis B ?", "combien d'heures par semaine ?"],
  ["je voudrais parler à quelqu'un", "Puis-je envoyer ma candidature par courrier postal ?", "lea.martin@example.org"],
  ["est-ce qu'il y a une cantine sur place ?", "oui", "tom.dubois@example.org"],
];

for (const [index, messages] of CONVERSATIONS.entries()) {
  for (const message of messages) await say(`screenshot-${index}`, message);
}

mkdirSync(OUT, { recursive: true });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "fr-BE" });
  const page = await context.newPage();
  await page.goto(`${WEB}/`);
  await page.fill("#email", process.env.REFERENT_A_EMAIL);
  await page.fill("#password", process.env.REFERENT_A_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  await page.waitForSelector("table.tickets");
  await page.screenshot({ path: join(OUT, "referent-inbox.png"), fullPage: true });
  console.log(`wrote ${join(OUT, "referent-inbox.png")}`);
  await page.goto(`${WEB}/tableau-de-bord`);
  await page.screenshot({ path: join(OUT, "referent-dashboard.png"), fullPage: true });
  console.log(`wrote ${join(OUT, "referent-dashboard.png")}`);
  await context.close();
} finally {
  await browser.close();
}
