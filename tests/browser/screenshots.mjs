// Writes docs/screenshots/webchat-desktop.png and webchat-320.png from the running bot
// (BOT_URL). Called by scripts/screenshots.sh, which starts the bot when needed.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { PAGE_URL, S, launchBrowser, say } from "./lib.mjs";

const OUT = process.env.SCREENSHOT_DIR ||
  join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");

const SHOTS = [
  // Desktop: the keyboard focus shown on a quick reply, as a keyboard user sees it.
  {
    file: "webchat-desktop.png", viewport: { width: 1280, height: 900 }, focusQuickReply: true,
    questions: ["quel est le salaire ?", "est-ce que je peux postuler ?"],
  },
  // 320 px wide (WCAG 1.4.10 reflow), scrolled to the end of the conversation and the field.
  { file: "webchat-320.png", viewport: { width: 320, height: 640 }, questions: ["quel est le salaire ?"] },
];

mkdirSync(OUT, { recursive: true });
const browser = await launchBrowser();
try {
  for (const shot of SHOTS) {
    const context = await browser.newContext({ viewport: shot.viewport, locale: "fr-BE" });
    const page = await context.newPage();
    await page.goto(PAGE_URL);
    await page.waitForSelector(S.log);
    for (const question of shot.questions) await say(page, question);
    if (shot.focusQuickReply) {
      await page.focus(S.input);
      await page.keyboard.press("Shift+Tab");
    }
    await page.evaluate((selector) => {
      const log = document.querySelector(selector);
      log.scrollTop = log.scrollHeight;
      document.querySelector(".wbe-chat__form").scrollIntoView({ block: "end" });
    }, S.log);
    const path = join(OUT, shot.file);
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
    await context.close();
  }
} finally {
  await browser.close();
}
