// The web page in Firefox: the same flows a person starts with — developer sign-in, FIX_GRAMMAR in the "Enhance
// with AI" panel and approve, a chat reply, the audit trail's "verify chain" — driven through WebDriver BiDi
// (puppeteer-core; Firefox needs no separate driver for it). The Chromium flows are the Selenium tests of the api
// module; this covers the other browser the page promises to work in.
// Usage: node firefox-smoke.mjs <base URL> <firefox binary> <screenshot directory>
import puppeteer from 'puppeteer-core';

const [base, firefox, shots] = process.argv.slice(2);
const WAIT = 10 * 60 * 1000; // the offline engine of a fresh node loads in the background: minutes on a busy machine

async function api(method, path, token, body) {
  const response = await fetch(base + path, {method, headers: {'Content-Type': 'application/json',
    ...(token ? {Authorization: `Bearer ${token}`} : {})}, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

function check(condition, what) {
  if (!condition) throw new Error(`failed: ${what}`);
  console.log(`ok: ${what}`);
}

const root = (await api('POST', '/api/v1/dev/tokens', null, {userId: 'root', roles: ['PLATFORM_ADMIN']})).token;
const tenantId = `firefox-${Date.now().toString(36)}`;
await api('POST', '/api/v1/tenants', root, {tenantId, name: 'Firefox Co', plan: 'TEAM', initialAdminUserId: 'alice'});
await api('PUT', `/api/v1/tenants/${tenantId}/ai-policy`, root, {enabledActions: ['IMPROVE', 'SHORTEN', 'SUMMARIZE',
  'FIX_GRAMMAR', 'CHANGE_TONE', 'FREE_PROMPT'], allowedModels: ['local'], allowedContextKinds: ['*'], maskPii: true});

const browser = await puppeteer.launch({browser: 'firefox', executablePath: firefox, headless: true,
  protocol: 'webDriverBiDi', args: ['--width=1400', '--height=1000']});
let page;
try {
  page = await browser.newPage();
  await page.setViewport({width: 1400, height: 1000});
  const errors = [];
  page.on('pageerror', error => errors.push(String(error)));
  console.log(`Firefox ${await browser.version()}`);

  await page.goto(base + '/');
  await page.waitForSelector('input[name=tenantId]', {visible: true});
  await page.$eval('input[name=tenantId]', input => { input.value = ''; });
  await page.type('input[name=tenantId]', tenantId);
  await page.$eval('input[name=userId]', input => { input.value = ''; });
  await page.type('input[name=userId]', 'alice');
  await page.click('#dev-sign-in');
  await page.waitForSelector('.record h1', {visible: true});
  check(true, 'developer sign-in shows the record page');

  await page.$eval('[name=description]', field => { field.value = ''; });
  await page.type('[name=description]', 'their is a error in this sentance');
  await page.click("button.enhance[data-field='description']");
  const panel = ".enhance-panel[data-field='description']";
  await page.waitForSelector(panel, {visible: true});
  await page.click(`${panel} button.action[data-action='FIX_GRAMMAR']`);
  await page.waitForFunction(selector => document.querySelector(selector)?.dataset.state === 'completed',
    {timeout: WAIT, polling: 250}, panel);
  const suggested = await page.$eval(`${panel} .suggestion`, element => element.textContent.trim());
  check(/^There is an error in this sentence\.?$/.test(suggested), `FIX_GRAMMAR suggests "${suggested}"`);
  const tokens = await page.$eval(panel, element => Number(element.dataset.tokens));
  check(tokens > 1, `the suggestion streamed in ${tokens} parts`);
  await page.click(`${panel} button.approve`);
  await page.waitForFunction(selector => !document.querySelector(selector) || document.querySelector(selector).hidden
    || getComputedStyle(document.querySelector(selector)).display === 'none', {timeout: 60000}, panel);
  const value = await page.$eval('[name=description]', field => field.value);
  check(value === suggested, 'approving puts the suggestion into the field');
  await page.screenshot({path: `${shots}/firefox-panel.png`});

  await page.click("#nav a[data-view='chat']");
  await page.waitForSelector('button.new-conversation', {visible: true});
  await page.click('button.new-conversation');
  await page.waitForSelector('.conversation-list li', {visible: true});
  await page.type('textarea.chat-input', 'Summarize: we will call the customer on Monday about the renewal offer.');
  await page.click('button.send');
  await page.waitForSelector("li.message.assistant[data-status='COMPLETED'] .reply-text", {visible: true, timeout: WAIT});
  const reply = await page.$eval("li.message.assistant[data-status='COMPLETED'] .reply-text", element => element.textContent);
  check(reply.trim().length > 0, 'a chat reply streams to COMPLETED');
  await page.screenshot({path: `${shots}/firefox-chat.png`});

  await page.click("#nav a[data-view='console']");
  await page.waitForSelector("button.console-tab[data-area='audit']", {visible: true});
  await page.click("button.console-tab[data-area='audit']");
  await page.waitForFunction(() => document.querySelectorAll('.audit-table tbody tr').length > 0, {timeout: 60000});
  await page.click('button.verify');
  await page.waitForSelector('.verify-result.ok', {visible: true, timeout: 60000});
  check(true, 'the audit trail verifies its chain');
  await page.screenshot({path: `${shots}/firefox-audit.png`});
  check(errors.length === 0, `no script errors on the page${errors.length ? ': ' + errors.join('; ') : ''}`);
} catch (error) {
  if (page) await page.screenshot({path: `${shots}/firefox-failure.png`}).catch(() => {});
  console.error(String(error?.stack || error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
