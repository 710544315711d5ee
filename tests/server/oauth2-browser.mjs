// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Ewelists developers
//
// Signs in on the hosted sign-in page as a person does, in Debian's
// headless Chromium driven over the DevTools protocol (on a pipe, with
// nothing from npm, so any Node from 18 on will do): opens the
// authorization URL, focuses the e-mail and password fields, types into
// them, presses Enter, and waits until the browser has followed the
// redirect to the app's loopback listener. No script runs in the page.
//
//   node oauth2-browser.mjs AUTHORIZE_URL EMAIL PASSWORD REDIRECT_PREFIX [EXPECTED_TEXT]
//
// Says on standard error where the browser ended. Exits 77 (skipped)
// without Chromium, 1 when the sign-in did not end at REDIRECT_PREFIX, or
// when the page there does not say EXPECTED_TEXT (the app's listener
// telling the person to go back to the app).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [authorizeUrl, email, password, redirectPrefix, expectedText] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error('oauth2-browser: needs Debian\'s chromium; skipped');
  process.exit(77);
}

const profile = mkdtempSync(join(tmpdir(), 'ewe-chromium-'));
// --remote-debugging-pipe: Chromium reads commands on its fd 3 and writes
// answers and events on its fd 4, each a JSON text ended by a NUL.
const chromium = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                                  '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
                       { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const toBrowser = chromium.stdio[3];
const fromBrowser = chromium.stdio[4];

// Browser.close, not a signal: Chromium then closes its helper processes
// before it exits, which would otherwise still be writing to the profile
// as it is removed. The removal is tidying up, and never the result.
function finish (code, message) {
  if (message)
    console.error(message);
  chromium.once('exit', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (error) {
      console.error(`oauth2-browser: ${profile} left behind: ${error.message}`);
    }
    process.exit(code);
  });
  toBrowser.write(JSON.stringify({ id: 0, method: 'Browser.close' }) + '\0');
}

let nextId = 1;
let sessionId;
const pending = new Map();
const listeners = [];
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

// A command to the page once attached to it, to the browser before.
function send (method, params = {}) {
  const id = nextId++;
  const message = sessionId ? { id, method, params, sessionId } : { id, method, params };
  toBrowser.write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
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

async function typeInto (selector, text) {
  const { root } = await send('DOM.getDocument');
  const { nodeId } = await send('DOM.querySelector', { nodeId: root.nodeId, selector });
  if (!nodeId)
    throw new Error(`no ${selector} on the page`);
  await send('DOM.focus', { nodeId });
  await send('Input.insertText', { text });
}

try {
  const { targetInfos } = await send('Target.getTargets');
  const page = targetInfos.find((target) => target.type === 'page');
  sessionId = (await send('Target.attachToTarget', { targetId: page.targetId, flatten: true })).sessionId;

  await send('Page.enable');
  // A redirect the page's Content-Security-Policy blocks is no navigation
  // at all: it is only said in the log.
  await send('Log.enable');

  const loaded = waitFor((m) => m.method === 'Page.loadEventFired');
  await send('Page.navigate', { url: authorizeUrl });
  await loaded;

  await typeInto('#email', email);
  await typeInto('#password', password);

  // Enter in a field submits its form, as for a person.
  // The next page the browser shows: the app's listener, or (wrongly) ours,
  // or a refusal in the log.
  const arrived = waitFor((m) => (m.method === 'Page.frameNavigated' && !m.params.frame.parentId) ||
                                 (m.method === 'Log.entryAdded' &&
                                  m.params.entry.text.includes('Content Security Policy')));
  const landed = waitFor((m) => m.method === 'Page.loadEventFired');
  const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  await send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...key });
  await send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });

  const next = await arrived;
  if (next.method === 'Log.entryAdded')
    finish(1, `not ok: ${next.params.entry.text}`);
  else if (!next.params.frame.url.startsWith(redirectPrefix))
    finish(1, `not ok: the browser ended on ${next.params.frame.url}`);
  else if (expectedText) {
    await landed;
    const { root } = await send('DOM.getDocument');
    const { outerHTML } = await send('DOM.getOuterHTML', { nodeId: root.nodeId });
    if (!outerHTML.includes(expectedText))
      finish(1, `not ok: the page at ${next.params.frame.url} does not say "${expectedText}": ${outerHTML}`);
    else
      finish(0, `ok: the browser ended on ${next.params.frame.url}, saying "${expectedText}"`);
  } else
    finish(0, `ok: the browser ended on ${next.params.frame.url}`);
} catch (error) {
  finish(1, `not ok: ${error.message}`);
}
