// Lighthouse (mobile preset) on pages of the running app, in one headless Chromium.
//
// Called by bench/lighthouse.py with one JSON argument:
//   {"lighthouse_dir": ".tools/lighthouse", "chromium": "/usr/bin/chromium", "out_dir": "...",
//    "origin": "http://localhost:PORT", "token": "<login token>",
//    "runs": 3, "pages": [{"name": "home", "url": "...", "logged_in": false}, ...]}
// A logged-in page gets the customer's login token in localStorage (the key the app's
// SessionState reads) before Lighthouse loads it; Lighthouse 12 clears the HTTP cache, service
// workers and cache storage before each page but not localStorage, so the tab is a returning
// customer's with a cold cache. Writes <name>-<run>.report.json and .html per page and run.
import {createRequire} from 'node:module';
import {writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

const TOKEN_KEY = 'salon_token';
const job = JSON.parse(process.argv[2]);
const require = createRequire(join(resolve(job.lighthouse_dir), 'package.json'));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);

const {default: lighthouse} = await load('lighthouse');
const chromeLauncher = await load('chrome-launcher');
const puppeteer = (await load('puppeteer-core')).default;

const chrome = await chromeLauncher.launch({
  chromePath: job.chromium,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  const browser = await puppeteer.connect({browserURL: `http://127.0.0.1:${chrome.port}`});
  for (let run = 1; run <= job.runs; run++) for (const target of job.pages) {
    const page = await browser.newPage();
    // Start from a blank origin page: set or clear the login before Lighthouse navigates.
    await page.goto(`${job.origin}/ping`);
    await page.evaluate(
      (key, token) => (token ? localStorage.setItem(key, token) : localStorage.removeItem(key)),
      TOKEN_KEY,
      target.logged_in ? job.token : '',
    );
    const result = await lighthouse(
      target.url,
      {output: ['json', 'html'], logLevel: 'error'},
      undefined,
      page,
    );
    const [json, html] = result.report;
    writeFileSync(join(job.out_dir, `${target.name}-${run}.report.json`), json);
    writeFileSync(join(job.out_dir, `${target.name}-${run}.report.html`), html);
    console.log(`lighthouse: ${target.name} run ${run} done`);
    await page.close();
  }
  await browser.disconnect();
} finally {
  await chrome.kill();
}
