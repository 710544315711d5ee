// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Ewelists developers
//
// The upstream sign-in, end to end, for test-oauth2-upstream:
//
// - a real OpenID Connect provider: oidc-provider from npm (a certified
//   implementation), on 127.0.0.1:PROVIDER_PORT, with one client, the
//   server under test, and any login accepted by its development login
//   and consent pages;
// - a stand-in for Facebook on 127.0.0.1:FACEBOOK_PORT: Facebook has no
//   open implementation, so this serves only what the server uses of it,
//   as Facebook documents it (/dialog/oauth, /oauth/access_token and
//   Graph's /me?fields=id,name,email). It is NOT Facebook; it is labelled
//   so that nobody mistakes it for one;
// - Debian's headless Chromium over the DevTools protocol (as
//   oauth2-browser.mjs), which opens AUTHORIZE_URL (our sign-in page),
//   presses the button of PROVIDER, signs in at the provider as LOGIN,
//   consents (or, with ACTION deny, cancels) and follows the redirects
//   back to our server and on until the address starts with
//   REDIRECT_PREFIX (the app's loopback listener) or the page is ours.
//   An AUTHORIZE_URL with identity_provider=PROVIDER goes straight to the
//   provider, as the app's "Continue with …" button does: there is no
//   page of ours, so no button, to press first. REDIRECT_PREFIX - is the
//   AUTHORIZE_URL's redirect_uri. With EXPECTED_TEXT, the page there (the
//   app's listener) must come to say it.
//   ACTION link:PASSWORD types PASSWORD into our link-confirmation page;
//   ACTION mail presses its "Send me a link instead";
//   ACTION stop stops there.
//
//   node oidc-upstream.mjs
//
// reads one sign-in a line on standard input, a JSON array:
//
//   [PROVIDER_PORT, FACEBOOK_PORT, SERVER_ORIGIN, AUTHORIZE_URL, PROVIDER,
//    LOGIN, ACTION, REDIRECT_PREFIX, EXPECTED_TEXT or null]
//
// and runs them one after the other in one node and one Chromium, until
// standard input ends: starting both took most of each sign-in's time
// when every sign-in had its own. Each sign-in still gets a provider and
// a stand-in of its own (fresh state, on its ports) and a browser
// context of its own (no cookies or cache from the one before).
//
//   node oidc-upstream.mjs PROVIDER_PORT FACEBOOK_PORT SERVER_ORIGIN \
//        AUTHORIZE_URL PROVIDER LOGIN ACTION REDIRECT_PREFIX [EXPECTED_TEXT]
//
// runs the one sign-in its arguments name (test-account-browser's).
//
// For each, prints a line FAILED and why, or a line RESULT and JSON: { url, heading, callback, cookie, cookieLeft,
// linkCookie, linkKey, session, firstPage, landedText, visited } — where the
// browser ended, the page's first heading, the callback address it passed through, the binding cookie it held
// while at the provider, the one it still holds at the end (none once the flow
// has ended), the cookie "Send me a link instead" sets, the key of the link
// page it was pressed on, and the hosted sign-in's session cookie it holds at
// the end, the first page the browser showed, whether the page it ended on
// said EXPECTED_TEXT, and every page it showed. Exits 77 without Chromium.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

// The sign-in under way: set from its line.
let providerPort, facebookPort, serverOrigin, authorizeUrl, providerName, login, action, expectedText;
let redirectPrefix, ourPages, callbackUrl;
const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error('oidc-upstream: needs Debian\'s chromium; skipped');
  process.exit(77);
}

// --- the OpenID Connect provider and the stand-in for Facebook ------------

// Both, for one sign-in: returns their servers.
function startProviders () {
  const issuer = `http://127.0.0.1:${providerPort}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'ewelists-server',
      client_secret: 'ewelists-server-secret',
      redirect_uris: [callbackUrl],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    // Whoever logs in is an account whose address is LOGIN, confirmed.
    async findAccount (ctx, id) {
      return {
        accountId: id,
        async claims () {
          return { sub: `sub-${id}`, email: id, email_verified: !id.startsWith('unverified'), name: `Upstream ${id}` };
        },
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  provider.proxy = false;
  const providerServer = provider.listen(Number(providerPort), '127.0.0.1');


  // The stand-in for Facebook (NOT Facebook).
  const facebookCodes = new Map();
  const facebookTokens = new Map();
  const facebookServer = createServer((req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${facebookPort}`);
    const json = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/dialog/oauth') {
      // Facebook's login and consent, taken as given: the person is LOGIN.
      const code = `fb-code-${Math.random().toString(36).slice(2)}`;
      facebookCodes.set(code, url.searchParams.get('redirect_uri'));
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state'));
      res.writeHead(302, { Location: back.toString() });
      res.end();
    } else if (url.pathname === '/oauth/access_token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const redirect = facebookCodes.get(form.get('code'));
        facebookCodes.delete(form.get('code'));
        if (form.get('client_id') !== 'fb-app' || form.get('client_secret') !== 'fb-secret' || !redirect ||
            redirect !== form.get('redirect_uri'))
          return json(400, { error: { message: 'Invalid verification code format.', type: 'OAuthException' } });
        const token = `fb-token-${Math.random().toString(36).slice(2)}`;
        facebookTokens.set(token, login);
        json(200, { access_token: token, token_type: 'bearer', expires_in: 5183944 });
      });
    } else if (url.pathname === '/me') {
      const token = (req.headers.authorization || '').replace(/^Bearer /, '') || url.searchParams.get('access_token');
      const who = facebookTokens.get(token);
      if (!who)
        return json(400, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException' } });
      json(200, { id: `10${who.length}4242`, name: `Facebook ${who}`, email: who });
    } else {
      json(404, { error: { message: 'Unknown path' } });
    }
  });
  facebookServer.listen(Number(facebookPort), '127.0.0.1');
  return [providerServer, facebookServer];
}

// --- the browser -----------------------------------------------------------

// One for all the sign-ins, each in a browser context of its own.
const profile = mkdtempSync(join(tmpdir(), 'ewe-chromium-'));
const chromium = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                                  '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
                       { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const toBrowser = chromium.stdio[3];
const fromBrowser = chromium.stdio[4];

let nextId = 1;
let sessionId;
let context = null;
const pending = new Map();
let listeners = [];
let buffered = '';

fromBrowser.setEncoding('utf8');
fromBrowser.on('data', (chunk) => {
  buffered += chunk;
  let end;
  while ((end = buffered.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error)
        reject(new Error(message.error.message));
      else
        resolve(message.result);
    } else if (message.method && message.sessionId === sessionId) {
      for (const listener of [...listeners])
        listener(message);
    }
  }
});

function send (method, params = {}) {
  const id = nextId++;
  const message = sessionId ? { id, method, params, sessionId } : { id, method, params };
  toBrowser.write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

// The sign-in's record, new for each: every top-level address the browser
// went to, and the page loads.
let visited = [];
// Every document asked for, redirects too (they are no navigation).
let requested = [];
let loads = 0;
function record (m) {
  if (m.method === 'Network.requestWillBeSent' && m.params.type === 'Document')
    requested.push(m.params.request.url);
  if (m.method === 'Page.frameNavigated' && !m.params.frame.parentId)
    visited.push(m.params.frame.url);
  if (m.method === 'Page.loadEventFired')
    loads++;
}

function waitFor (predicate) {
  return new Promise((resolve) => {
    const listener = (message) => {
      if (predicate(message)) {
        listeners.splice(listeners.indexOf(listener), 1);
        resolve(message);
      }
    };
    listeners.push(listener);
  });
}

async function find (selector) {
  const { root } = await send('DOM.getDocument');
  const { nodeId } = await send('DOM.querySelector', { nodeId: root.nodeId, selector });
  return nodeId || null;
}

async function text (selector) {
  const nodeId = await find(selector);
  if (!nodeId)
    return null;
  const { outerHTML } = await send('DOM.getOuterHTML', { nodeId });
  return outerHTML.replace(/<[^>]*>/g, '').trim();
}

// Focus and Enter, as a person with a keyboard: submits a field's form,
// follows a focused link, presses a focused button.
async function press (nodeId) {
  await send('DOM.focus', { nodeId });
  const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  await send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...key });
  await send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
}

async function typeInto (nodeId, value) {
  await send('DOM.focus', { nodeId });
  await send('Input.insertText', { text: value });
}

// Runs @step, then waits for the next page to have loaded.
async function andLoad (step) {
  const before = loads;
  const loaded = waitFor((m) => m.method === 'Page.loadEventFired' ||
                                (m.method === 'Page.frameNavigated' && !m.params.frame.parentId &&
                                 m.params.frame.url.startsWith(redirectPrefix)));
  await step();
  await loaded;
  return before;
}

async function currentUrl () {
  // A page that could not load (nothing listens at the app's address in
  // this test) is Chromium's error page, for the address it tried.
  const { frameTree } = await send('Page.getFrameTree');
  return frameTree.frame.unreachableUrl || frameTree.frame.url;
}

// With EWE_UPSTREAM_SCREENSHOTS=DIR, the page as it is now, at 360×720
// and 1280×800, light and dark, for a person to look at: DIR/NAME-….png.
async function screenshots (name) {
  const dir = process.env.EWE_UPSTREAM_SCREENSHOTS;
  if (!dir)
    return;
  const { writeFileSync } = await import('node:fs');
  for (const [width, height] of [[360, 720], [1280, 800]]) {
    for (const scheme of ['light', 'dark']) {
      await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: width < 600 });
      await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
      const { data } = await send('Page.captureScreenshot', { format: 'png' });
      writeFileSync(join(dir, `${name}-${width}x${height}${scheme === 'dark' ? '-dark' : ''}.png`),
                    Buffer.from(data, 'base64'));
    }
  }
  await send('Emulation.clearDeviceMetricsOverride');
  await send('Emulation.setEmulatedMedia', { features: [] });
}

// One sign-in, in a browser context of its own: where it ended.
async function signIn () {
  context = (await send('Target.createBrowserContext')).browserContextId;
  const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId: context });
  sessionId = (await send('Target.attachToTarget', { targetId, flatten: true })).sessionId;
  await send('Page.enable');
  await send('Network.enable');

  await andLoad(() => send('Page.navigate', { url: authorizeUrl }));
  // Our sign-in page with a button per provider, unless the app named
  // the provider (then the provider's own page, which the loop fills).
  if ((await currentUrl()).startsWith(ourPages)) {
    await screenshots('sign-in-providers');
    const button = await find(`a[data-provider="${providerName}"]`);
    if (!button)
      throw new Error(`no button for ${providerName} on ${await currentUrl()}`);
    await andLoad(() => press(button));
  }

  let linked = false;
  let heldBinding = null;
  let linkKey = null;
  for (let steps = 0; steps < 10; steps++) {
    const url = await currentUrl();
    if (url.startsWith(redirectPrefix))
      break;
    if (url.startsWith(ourPages)) {
      // Our own page: the link confirmation, or a refusal.
      const password = await find('#password');
      if (password && !linked && action === 'mail') {
        linked = true;
        const { result } = await send('Runtime.evaluate', {
          expression: 'document.querySelector(\'input[name="link"]\').value', returnByValue: true });
        linkKey = result.value;
        await andLoad(async () => press(await find('#send-link')));
        await screenshots('link-mail-sent');
        break;
      }
      if (!password || linked || action === 'stop' || !action.startsWith('link:')) {
        await screenshots(password ? 'link' : 'refused');
        break;
      }
      linked = true;
      await typeInto(password, action.slice('link:'.length));
      await andLoad(() => press(password));
      continue;
    }
    // The provider's pages: its login form, then its consent.
    const loginField = await find('input[name="login"]');
    if (loginField) {
      const { cookies } = await send('Network.getAllCookies');
      heldBinding = cookies.find((c) => c.name === 'ews_upstream') || heldBinding;
      await typeInto(loginField, login);
      // A new look at the document invalidates the nodes found before.
      const passwordField = await find('input[name="password"]');
      await typeInto(passwordField, 'any password');
      await andLoad(() => press(passwordField));
      continue;
    }
    if (action === 'deny') {
      const abort = await find('a[href*="/abort"]');
      if (abort) {
        await andLoad(() => press(abort));
        continue;
      }
    }
    const submit = await find('button[type="submit"]');
    if (!submit)
      throw new Error(`nothing to press on ${url}`);
    await andLoad(() => press(submit));
  }

  // The app's listener answers once the app has its tokens: wait for
  // what it says, as long as the deadline allows.
  let landedText = null;
  if (expectedText && (await currentUrl()).startsWith(redirectPrefix)) {
    landedText = false;
    while (!landedText) {
      const body = await text('body');
      landedText = body !== null && body.includes(expectedText);
      // Polled: an event could come between the look and the wait.
      if (!landedText)
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const { cookies } = await send('Network.getAllCookies');
  const binding = cookies.find((c) => c.name === 'ews_upstream');
  const linkCookie = cookies.find((c) => c.name === 'ews_link');
  const session = cookies.find((c) => c.name === 'ews_session');
  const held = heldBinding || binding;
  return {
    url: await currentUrl(),
    heading: (await currentUrl()).startsWith(redirectPrefix) ? null : await text('h1'),
    callback: requested.find((u) => u.startsWith(callbackUrl)) || null,
    cookie: held ? `${held.name}=${held.value}` : null,
    cookieLeft: binding ? `${binding.name}=${binding.value}` : null,
    linkCookie: linkCookie ? `${linkCookie.name}=${linkCookie.value}` : null,
    linkKey,
    session: session ? `${session.name}=${session.value}` : null,
    firstPage: visited[0] || null,
    landedText,
    visited,
  };
}

// --- the sign-ins, one a line ----------------------------------------------

// Given arguments instead (the same nine, as test-account-browser does
// for its one sign-in), it runs that one sign-in.
const signIns = process.argv.length > 2 ? [JSON.stringify(process.argv.slice(2))]
                                        : createInterface({ input: process.stdin });
for await (const line of signIns) {
  let redirectArg;
  [providerPort, facebookPort, serverOrigin, authorizeUrl, providerName, login, action, redirectArg,
   expectedText] = JSON.parse(line);
  redirectPrefix = redirectArg === '-' ? new URL(authorizeUrl).searchParams.get('redirect_uri') : redirectArg;
  // "http://127.0.0.1:4000" is also the start of "http://127.0.0.1:40001…".
  ourPages = `${serverOrigin}/`;
  callbackUrl = `${serverOrigin}/oauth2/idpresponse`;
  sessionId = undefined;
  context = null;
  visited = [];
  requested = [];
  loads = 0;
  listeners = [record];

  const servers = startProviders();
  await Promise.all(servers.map((server) => once(server, 'listening')));
  let timer;
  const deadline = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), 60000);
  });
  try {
    const result = await Promise.race([signIn(), deadline]);
    // oidc-provider writes its notices to standard output too.
    console.log(`RESULT ${JSON.stringify(result)}`);
  } catch (error) {
    console.log(`FAILED ${error.message}; visited ${visited.join(' ')}`);
  } finally {
    clearTimeout(timer);
    sessionId = undefined;
    if (context)
      await send('Target.disposeBrowserContext', { browserContextId: context }).catch(() => {});
    // Connections the server under test keeps open would reach this
    // sign-in's provider from the next one's: cut them.
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

// Standard input ended: the test is done.
const exited = once(chromium, 'exit');
toBrowser.write(JSON.stringify({ id: 0, method: 'Browser.close' }) + '\0');
await exited;
try {
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
} catch (error) {
  console.error(`oidc-upstream: ${profile} left behind: ${error.message}`);
}
