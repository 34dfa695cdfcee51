// The README's screenshots of the review UI, in Persian: the national view and
// a finding page. Runs the demo's two nights into a temporary database (or
// copies the one given with --db), adds an account and one override there,
// serves the UI on loopback and photographs it in Chromium.
//
//   node scripts/ui-screenshots.ts [--db FILE] [--out docs]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium } from 'playwright';
import { CLOSED_NETWORK_FLAGS, findChromium } from '../crawlers/browser.ts';
import { checkpoint, openStore } from '../src/store/db.ts';
import { findingIdRows, runRow } from '../src/store/reads.ts';
import { addReview } from '../src/store/reviews.ts';
import { insertUser } from '../src/store/users.ts';
import { generatePassword, hashPassword } from '../src/ui/auth/password.ts';
import { startUi } from '../src/ui/server.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string', default: 'docs' } } });
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'ui-screenshots-'));
const db = join(work, 'demo.sqlite');

if (values.db) {
  // A copy: the account and the review made here never reach the given database.
  const source = new Database(values.db);
  checkpoint(source, 'TRUNCATE');
  source.close();
  copyFileSync(values.db, db);
} else {
  console.error('Auditing the sample portals (two nights) into a temporary database…');
  execFileSync(process.execPath, ['src/cli.ts', 'demo', '--no-serve', '--db', db], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const store = openStore(db);
const password = generatePassword();
insertUser(store, 'maryam', 'evaluator', await hashPassword(password, { logN: 12, r: 8, p: 1 }));
const run = runRow<{ id: number }>(store, 'latest')!.id;
const finding = findingIdRows(store, run, 'keshvar').find((f) => f.indicator_id === 'org-chart')!.id;
addReview(store, { findingId: finding, action: 'override', outcome: 'partial', score: 0.5, reason: 'نمودار منتشر شده ولی مصوب ۱۳۹۸ است؛ تا به‌روزرسانی، نیمی از امتیاز.', username: 'maryam', role: 'evaluator' });

const ui = await startUi({ db: store, host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({ executablePath: findChromium()!, args: CLOSED_NETWORK_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fa-IR' });
  await page.goto(ui.url);
  await page.fill('input[name=username]', 'maryam');
  await page.fill('input[name=password]', password);
  await page.click('form.login button[type=submit]');
  await page.waitForURL(ui.url);
  const out = resolve(root, values.out!);
  if (!existsSync(out)) mkdirSync(out, { recursive: true });
  await page.goto(`${ui.url}runs/${run}`);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, 'ui-national-fa.png'), fullPage: true });
  await page.goto(`${ui.url}findings/${finding}`);
  await page.locator('figure.shot img').first().evaluate((img: HTMLImageElement) => img.decode());
  await page.evaluate(() => document.fonts.ready);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: join(out, 'ui-finding-fa.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 2800) } });
  console.error(`Wrote ${join(values.out!, 'ui-national-fa.png')} and ${join(values.out!, 'ui-finding-fa.png')}`);
} finally {
  await browser.close();
  await ui.close();
  store.close();
}
