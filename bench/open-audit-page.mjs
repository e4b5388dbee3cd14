// Drives a headless Chromium (started with --remote-debugging-port) through the Chrome DevTools Protocol, with no
// package: signs in as an admin with a one-time password (changing it as the app asks), opens the audit log, waits for
// its table, and pages through it. Prints one line per step; exits 1 if a step does not happen within a minute.
//   node --experimental-websocket bench/open-audit-page.mjs DEBUG_PORT BASE_URL USER ONE_TIME_PASSWORD [PAGES]
const [port, baseUrl, user, oneTimePassword, pagesArg] = process.argv.slice(2);
const pages = parseInt(pagesArg ?? '5', 10);
const newPassword = 'Bench-audit-page-1!';
const target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()).find(t => t.type === 'page');
const socket = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
let nextId = 0;
const waiting = new Map();
socket.onmessage = m => { const r = JSON.parse(m.data); if (waiting.has(r.id)) { waiting.get(r.id)(r); waiting.delete(r.id); } };
const send = (method, params = {}) => new Promise(resolve => { const id = ++nextId; waiting.set(id, resolve); socket.send(JSON.stringify({ id, method, params })); });
const evaluate = async expression => (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result?.result?.value;
// Waits until the expression is true in the page (polled in the page, across navigations).
async function until(what, expression) {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (await evaluate(`(() => { try { return !!(${expression}); } catch { return false; } })()`)) { console.log(`${what} (${Date.now() - started} ms)`); return; }
    await new Promise(r => setTimeout(r, 200));
  }
  console.log(`${what}: did not happen within a minute; the page is ${await evaluate('location.href')}, interactive: ${await evaluate("document.querySelector('#app-ready')?.dataset.interactive")}, table rows: ${await evaluate("document.querySelectorAll('[data-testid=audit-table] tr').length")}, error shown: ${await evaluate("getComputedStyle(document.querySelector('#blazor-error-ui') ?? document.body).display")}, end of page: ${await evaluate('document.body.innerText.slice(-400)')}`);
  process.exit(1);
}
const fill = (selector, value) => `(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.value = ${JSON.stringify(value)}; e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`;

await send('Page.navigate', { url: `${baseUrl}/account/login` });
await until('sign-in page', "document.querySelector('#username')");
await evaluate(fill('#username', user));
await evaluate(fill('#password', oneTimePassword));
await evaluate("document.querySelector('#password').form.requestSubmit()");
await until('asked to change the one-time password', "location.pathname === '/account/change-password' && document.querySelector('#new')");
await evaluate(fill('#current', oneTimePassword));
await evaluate(fill('#new', newPassword));
await evaluate(fill('#confirm', newPassword));
await evaluate("document.querySelector('#confirm').form.requestSubmit()");
await until('signed in', "location.pathname !== '/account/change-password' && document.querySelector('#app-ready')");
await send('Page.navigate', { url: `${baseUrl}/admin/audit` });
await until('audit log interactive with its first page of rows', "document.querySelector('#app-ready')?.dataset.interactive === 'true' && document.querySelectorAll('[data-testid=audit-table] tbody tr').length >= 10");
console.log(`rows shown: ${await evaluate("document.querySelectorAll('[data-testid=audit-table] tbody tr').length")}, ${await evaluate("[...document.querySelectorAll('.mud-table-pagination-caption')].pop()?.textContent ?? ''")}`);
for (let i = 2; i <= pages; i++) {
  const first = await evaluate("document.querySelector('[data-testid=audit-table] tbody tr')?.textContent");
  // The pager's buttons: first, previous, next, last (by their label when it names the next page).
  await evaluate("(() => { const buttons = [...document.querySelectorAll('.mud-table-pagination button')]; (buttons.find(b => /next/i.test(b.getAttribute('aria-label') ?? '')) ?? buttons[buttons.length - 2]).click(); return true; })()");
  await until(`page ${i}`, `document.querySelector('[data-testid=audit-table] tbody tr')?.textContent !== ${JSON.stringify(first)}`);
}
socket.close();
