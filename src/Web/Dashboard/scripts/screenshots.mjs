// Screenshots of the dashboard for the README (docs/images), taken in Debian's chromium.
//   cd src/Web/Dashboard && npm ci && STREAMAGG_READ_TOKEN=… node scripts/screenshots.mjs http://127.0.0.1:8080 ../../../docs/images [videoId]
// playwright-core never downloads a browser: it drives the one at /usr/bin/chromium (or $CHROMIUM).
import { chromium } from "playwright-core";

const [base = "http://127.0.0.1:8080", out = "../../../docs/images", videoId] = process.argv.slice(2);
const token = process.env.STREAMAGG_READ_TOKEN;
if (!token) {
  console.error("screenshots: set STREAMAGG_READ_TOKEN (the server's read token)");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  page.on("pageerror", e => { console.error(`page error: ${e.message}`); process.exitCode = 1; });
  await page.goto(`${base}/`);
  await page.fill("#token", token);
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")]);
  await page.waitForSelector("#top tr");
  await page.waitForFunction(() => document.getElementById("rate").textContent !== "–");
  await page.screenshot({ path: `${out}/dashboard-overview.png`, fullPage: true });

  const href = videoId ? `/video?id=${encodeURIComponent(videoId)}` : await page.getAttribute("#top tr a", "href");
  await page.goto(`${base}${href}`);
  await page.waitForSelector("#heatmap canvas");
  await page.waitForSelector("#live.on");
  await page.screenshot({ path: `${out}/dashboard-video.png`, fullPage: true });
  console.log(`screenshots: wrote ${out}/dashboard-overview.png and ${out}/dashboard-video.png`);
} finally {
  await browser.close();
}
