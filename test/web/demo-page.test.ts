/**
 * The demo page in a real browser (Debian's Chromium driven by playwright-core) against a real
 * gateway and simulator: an identification with both checks, a refused one, and the language
 * toggle. Each test saves a screenshot to test-output/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Request, type Route } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { ensureClient } from '../../src/identification/access-tokens.ts';
import { importDemoWatchlist } from '../../src/screening/demo-watchlist.ts';
import { ListsRepository } from '../../src/screening/lists-repository.ts';
import { TEXTS } from '../../src/web/texts.ts';

const CHROMIUM = process.env.EIDGATE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const DEMO_TOKEN = 'demo-page-test-token-3f9a1c7e5b2d4a60';
const WAIT = { timeout: 20_000 };

let gateway: TestGateway;
let browser: Browser;

before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  gateway = await startTestGateway({
    configure: (config) => { config.demoPage = true; },
    seed: async (store) => {
      await ensureClient(store, 'demo', DEMO_TOKEN);
      await importDemoWatchlist(new ListsRepository(store));
    },
    overrides: { demoAccessToken: DEMO_TOKEN },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await gateway?.close();
});

/** A fresh page on /demo, ready when its script has run; every request it sends is recorded. */
async function openDemo(viewport = { width: 1024, height: 900 }): Promise<{ context: BrowserContext; page: Page; requests: Request[]; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests: Request[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('pageerror', (error) => errors.push(String(error)));
  // The browser logs every HTTP error answer as a console error; a refused identification is one (HTTP 400).
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().includes('/demo/api/')) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${gateway.url}/demo`);
  await page.waitForSelector('body[data-ready="true"]', WAIT);
  return { context, page, requests, errors };
}

async function choosePerson(page: Page, phone: string): Promise<void> {
  const value = await page.$eval('#person', (select, wanted) => {
    const option = Array.from((select as HTMLSelectElement).options).find((o) => o.dataset.phone === wanted);
    return option?.value;
  }, phone);
  assert.ok(value, `the person list offers ${phone}`);
  await page.selectOption('#person', value);
}

function assertNoTokenLeft(requests: Request[], pageSources: string[]): void {
  for (const request of requests) {
    const seen = `${request.url()} ${request.postData() ?? ''}`;
    assert.ok(!seen.includes(DEMO_TOKEN), `the browser sent the access token: ${request.url()}`);
    assert.ok(!seen.includes('access_token'), `the browser sent an access_token field: ${request.url()}`);
  }
  for (const source of pageSources) assert.ok(!source.includes(DEMO_TOKEN), 'the page carries the access token');
}

test('identifying MARY ÄNN with both checks shows the control code, then the identity and both matches', async () => {
  const { context, page, requests, errors } = await openDemo();
  try {
    await choosePerson(page, '+37200000766');
    assert.equal(await page.inputValue('#phone'), '+37200000766');
    assert.equal(await page.inputValue('#code'), '60001019906');
    await page.check('#sanctions');
    await page.check('#peps');

    // Hold the first status request until the control code has been seen on screen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/demo/api/mobile/status/**', async (route: Route) => {
      await held;
      await route.continue();
    });
    const loginAnswer = page.waitForResponse((response) => response.url().endsWith('/demo/api/mobile/login.json'));
    await page.click('#start');
    const login = await (await loginAnswer).json() as { control_code: string };
    assert.match(login.control_code, /^\d{4}$/);

    await page.waitForSelector('#progress:not([hidden])', WAIT);
    await page.waitForFunction((code) => document.getElementById('control-code')?.textContent === code, login.control_code, WAIT);
    assert.equal(await page.isVisible('#waiting-bar'), true);
    assert.equal(await page.isDisabled('#start'), true);
    const codeSize = await page.$eval('#control-code', (node) => parseFloat(getComputedStyle(node).fontSize));
    assert.ok(codeSize >= 40, `the control code is large (${codeSize}px)`);
    assert.match(await page.textContent('#status') ?? '', new RegExp(login.control_code));
    await page.screenshot({ path: `${OUTPUT}demo-page-control-code.png`, fullPage: true });

    release();
    await page.waitForSelector('#result:not([hidden])', WAIT);
    assert.equal(await page.isHidden('#progress'), true);
    const lt = TEXTS.lt;
    const result = await page.textContent('#result') ?? '';
    assert.ok(result.includes(lt.resultHeading), result);
    assert.ok(result.includes('MARY ÄNN O’CONNEŽ-ŠUSLIK TESTNUMBER'), result);
    assert.ok(result.includes('60001019906'), result);
    assert.ok(result.includes('(EE)'), result);
    assert.ok(result.includes('2000-01-01'), 'date of birth from the personal code');
    assert.ok(result.includes('TEST of ESTEID-SK 2015'), 'certificate issuer');
    assert.match(result, /\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}/, 'certificate validity');

    const sanctions = await page.textContent('#result [data-screening="sanctions"]') ?? '';
    assert.ok(sanctions.includes(lt.matches(1)), sanctions);
    assert.ok(sanctions.includes("O'CONNEZ-SUSLIK, Mary Ann"), sanctions);
    assert.ok(sanctions.includes('demo-sanctions'), sanctions);
    assert.ok(sanctions.includes(lt.why) && sanctions.includes(lt.features.date_of_birth!), 'the match is explained');
    const peps = await page.textContent('#result [data-screening="peps"]') ?? '';
    assert.ok(peps.includes(lt.matches(1)), peps);
    assert.ok(peps.includes('Chair of the Board, Demo Harbour Authority'), peps);
    assert.equal(await page.locator('#result .match').count(), 2);
    assert.equal(await page.textContent('#status'), lt.identified);

    await page.screenshot({ path: `${OUTPUT}demo-page-identified.png`, fullPage: true });
    const script = await (await fetch(`${gateway.url}/demo/demo.js`)).text();
    assertNoTokenLeft(requests, [await page.content(), script]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a person who cancels on the phone gets a clear error, in the language chosen', async () => {
  const { context, page, errors } = await openDemo();
  try {
    await choosePerson(page, '+37201100266');
    await page.click('#start');
    await page.waitForSelector('#failure:not([hidden])', WAIT);
    const lt = await page.textContent('#failure') ?? '';
    assert.ok(lt.includes(TEXTS.lt.errorHeading), lt);
    assert.ok(lt.includes(TEXTS.lt.errors.refused), lt);
    assert.ok(lt.includes('40020'), lt);
    assert.equal(await page.isHidden('#result'), true);
    assert.equal(await page.isEnabled('#start'), true);
    await page.screenshot({ path: `${OUTPUT}demo-page-cancelled-lt.png`, fullPage: true });

    // The explanation switches language with the page; the next attempt asks the gateway in English.
    await page.click('button[data-locale="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en', undefined, WAIT);
    const en = await page.textContent('#failure') ?? '';
    assert.ok(en.includes(TEXTS.en.errorHeading) && en.includes(TEXTS.en.errors.refused), en);
    await page.click('#failure .again');
    await page.waitForSelector('#failure', { state: 'hidden', ...WAIT });
    const answer = page.waitForResponse((response) => response.url().includes('/demo/api/en/mobile/status/'));
    await page.click('#start');
    assert.equal((await (await answer).json() as { message: string }).message, 'User has refused the session');
    await page.waitForSelector('#failure:not([hidden])', WAIT);
    assert.ok((await page.textContent('#failure') ?? '').includes('User has refused the session'));
    await page.screenshot({ path: `${OUTPUT}demo-page-cancelled-en.png`, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the language toggle switches every text between Lithuanian and English, on a phone-sized screen too', async () => {
  const { context, page, errors } = await openDemo({ width: 390, height: 844 });
  try {
    const texts = async () => page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      heading: document.querySelector('h1')?.textContent,
      phone: document.querySelector('label[for="phone"]')?.textContent,
      start: document.getElementById('start')?.textContent,
      checks: document.querySelector('legend')?.textContent,
      pressed: document.querySelector('button[data-locale="en"]')?.getAttribute('aria-pressed'),
    }));
    assert.deepEqual(await texts(), {
      lang: 'lt', title: TEXTS.lt.title, heading: TEXTS.lt.heading, phone: TEXTS.lt.phone, start: TEXTS.lt.start, checks: TEXTS.lt.checks, pressed: 'false',
    });
    await page.screenshot({ path: `${OUTPUT}demo-page-phone-lt.png`, fullPage: true });

    await page.click('button[data-locale="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en', undefined, WAIT);
    assert.deepEqual(await texts(), {
      lang: 'en', title: TEXTS.en.title, heading: TEXTS.en.heading, phone: TEXTS.en.phone, start: TEXTS.en.start, checks: TEXTS.en.checks, pressed: 'true',
    });
    // Nothing on the page is left in Lithuanian.
    const visible = await page.evaluate(() => document.body.innerText);
    for (const key of ['heading', 'intro', 'person', 'phone', 'code', 'checks', 'sanctions', 'peps', 'start'] as const) {
      assert.ok(!visible.includes(TEXTS.lt[key]), `still Lithuanian: ${TEXTS.lt[key]}`);
      assert.ok(visible.includes(TEXTS.en[key]), `English missing: ${TEXTS.en[key]}`);
    }
    // Usable on a phone: no sideways scrolling, the button is full-width, focus is visible.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
    await page.focus('#phone');
    const outline = await page.$eval('#phone', (node) => getComputedStyle(node).outlineStyle);
    assert.notEqual(outline, 'none');
    await page.screenshot({ path: `${OUTPUT}demo-page-phone-en.png`, fullPage: true });

    await page.click('button[data-locale="lt"]');
    await page.waitForFunction(() => document.documentElement.lang === 'lt', undefined, WAIT);
    assert.equal(await page.textContent('h1'), TEXTS.lt.heading);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a typed phone and personal code work without a test person, and unrequested checks say so', async () => {
  const { context, page, errors } = await openDemo();
  try {
    await page.click('button[data-locale="en"]');
    await page.fill('#phone', '+37269000366');
    await page.fill('#code', '60001017705');
    assert.equal(await page.inputValue('#person'), '', 'typing leaves the test person behind');
    await page.uncheck('#sanctions');
    await page.uncheck('#peps');
    const login = page.waitForRequest((request) => request.url().endsWith('/demo/api/en/mobile/login.json'));
    await page.click('#start');
    assert.deepEqual(JSON.parse((await login).postData() ?? '{}'), {
      phone: '+37269000366', code: '60001017705', language: 'ENG', peps: false, sanctions: false,
    });
    await page.waitForSelector('#result:not([hidden])', WAIT);
    const result = await page.textContent('#result') ?? '';
    assert.ok(result.includes('TEN TESTNUMBER') && result.includes('Estonia (EE)'), result);
    assert.equal(await page.textContent('#result [data-screening="sanctions"] p'), TEXTS.en.notChecked);
    assert.equal(await page.textContent('#result [data-screening="peps"] p'), TEXTS.en.notChecked);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('cancelling while the person has not answered removes the session and brings the form back', async () => {
  const { context, page, errors } = await openDemo();
  try {
    await choosePerson(page, '+37266000266');
    await page.click('#start');
    await page.waitForSelector('#progress:not([hidden])', WAIT);
    await page.waitForFunction(() => /^\d{4}$/.test(document.getElementById('control-code')?.textContent ?? ''), undefined, WAIT);
    const removal = page.waitForResponse((response) => response.request().method() === 'DELETE' && response.url().includes('/demo/api/api/mobile/session/'));
    await page.click('#cancel');
    assert.equal((await removal).status(), 200);
    await page.waitForSelector('#progress', { state: 'hidden', ...WAIT });
    assert.equal(await page.isEnabled('#start'), true);
    assert.equal(await page.isHidden('#failure'), true);
    assert.equal(await page.textContent('#status'), TEXTS.lt.cancelled);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
