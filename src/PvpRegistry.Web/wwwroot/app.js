// Ends an idle session: after the configured minutes without keyboard, mouse or touch input,
// the sign-out form is submitted. The server also expires the sign-in cookie after the same time and refuses input
// to an idle page. Input inside the page renews the cookie (at most once a minute), so downloads keep working.
(function () {
    let timer = null;
    let lastKeepAlive = Date.now();
    function arm() {
        const form = document.getElementById('idle-logout');
        if (!form) return;
        const minutes = parseInt(form.dataset.minutes || '20', 10);
        clearTimeout(timer);
        timer = setTimeout(() => form.submit(), minutes * 60 * 1000);
        if (Date.now() - lastKeepAlive > 60 * 1000) {
            lastKeepAlive = Date.now();
            fetch('/account/keep-alive', { method: 'POST', credentials: 'same-origin' });
        }
    }
    ['keydown', 'mousedown', 'mousemove', 'touchstart', 'wheel'].forEach(e => document.addEventListener(e, arm, { passive: true }));
    document.addEventListener('DOMContentLoaded', arm);
    setInterval(() => { if (!timer) arm(); }, 5000);
})();

// A date box (the shared DateInput) selects its whole value when it gets the focus, by keyboard or by a click,
// so typing a date replaces the pre-filled one instead of being appended to it.
(function () {
    const dateBox = t => t instanceof HTMLInputElement && t.closest('.date-input') ? t : null;
    document.addEventListener('focusin', e => { const box = dateBox(e.target); if (box) box.select(); });
    // A click would put the caret where the mouse went up, undoing the selection: the click that focuses keeps it.
    document.addEventListener('mousedown', e => { const box = dateBox(e.target); if (box && document.activeElement !== box) box.dataset.selectOnUp = '1'; }, true);
    document.addEventListener('mouseup', e => {
        const box = dateBox(e.target);
        if (!box || !box.dataset.selectOnUp) return;
        delete box.dataset.selectOnUp;
        e.preventDefault();
        box.select();
    }, true);
})();

// A field's label stays raised above the value typed in it when the field is left. MudBlazor raises it over a value
// (class mud-shrink) when the change has reached the server and come back; until then the label dropped back over the
// value and rose again: a jump on every Tab, and text over text for as long as the connection takes. The class is set
// as Tab or a press is about to take the focus away (once the focus has moved, the browser has already started the
// label's drop), and when the field loses the focus otherwise.
(function () {
    const raise = field => {
        if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && field.value !== '')
            field.closest('.mud-input')?.classList.add('mud-shrink');
    };
    window.addEventListener('keydown', e => { if (e.key === 'Tab') raise(document.activeElement); }, true);
    window.addEventListener('pointerdown', () => raise(document.activeElement), true);
    window.addEventListener('blur', e => raise(e.target), true);
})();

// The worklist's entry forms: Enter on a drop-down saves the form, as it does in a text field (a closed native select
// otherwise ignores it); Space and Alt+Down still open the list, and a letter still chooses.
document.addEventListener('keydown', e => {
    const select = e.target;
    if (e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(select instanceof HTMLSelectElement)) return;
    const form = select.closest('form[data-testid=entry-form]');
    if (!form) return;
    e.preventDefault();
    form.requestSubmit();
});

// Brings an element fully into view when it is not (the worklist's entry panel, opened beside or under the list).
window.pvpReveal = element => element?.scrollIntoView({ block: 'nearest' });

// A notice at the bottom of the page, for 15 s, about text the page could not send as typed (below, ReconnectModal).
(function () {
    let notice = null, hideTimer = null;
    window.pvpNotice = text => {
        if (!notice) {
            notice = document.createElement('div');
            notice.className = 'input-too-long';
            notice.setAttribute('role', 'alert');
            notice.dataset.testid = 'input-too-long';
            document.body.appendChild(notice);
        }
        notice.textContent = text;
        notice.hidden = false;
        clearTimeout(hideTimer);
        hideTimer = setTimeout(() => { notice.hidden = true; }, 15000);
    };
})();

// A message larger than the connection takes (WebSetup.HubMessageMaxBytes; one the cut below did not catch) makes the
// server close the page's connection, and the browser is not told why. The size of such a message, when the page sends
// one, is kept here for the reconnect dialog (ReconnectModal) to name the cause.
(function () {
    const encoder = new TextEncoder();
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        const cause = document.getElementById('reconnect-cause');
        const limit = cause ? parseInt(cause.dataset.maxBytes, 10) : 0;
        // A string's UTF-8 form is at most 3 bytes a UTF-16 unit: short ones need no counting.
        const bytes = typeof data === 'string' ? (3 * data.length > limit ? encoder.encode(data).length : 0) : (data.byteLength ?? data.size ?? 0);
        if (limit && bytes > limit) window.pvpOversizedMessageBytes = bytes;
        return send.call(this, data);
    };
})();

// A text longer than the page's connection takes in one message (the hub's limit, WebSetup.HubMessageMaxBytes) would
// close the connection and lose the unsaved form. Every text box has a maxlength at its column's length; for any box
// without a lower limit (a date, a number), the text is cut here, before the app reads it, to what one message carries,
// and a message says so. The value travels twice (the event's value and the bound field's), escaped as JSON.
(function () {
    const encoder = new TextEncoder();
    const envelopeBytes = 1024;
    const messageBytes = text => 2 * encoder.encode(JSON.stringify(JSON.stringify(text))).length + envelopeBytes;
    const say = (guard, typed, kept) =>
        window.pvpNotice(guard.dataset.message.replace('{0}', typed.toLocaleString()).replace('{1}', kept.toLocaleString()));
    window.addEventListener('input', e => {
        const box = e.target;
        if (!(box instanceof HTMLInputElement || box instanceof HTMLTextAreaElement)) return;
        const guard = document.getElementById('input-size-guard');
        if (!guard) return;
        const limit = parseInt(guard.dataset.maxBytes, 10);
        const text = box.value;
        // At most 7 bytes a character once escaped twice: short texts need no counting.
        if (2 * 7 * text.length + envelopeBytes < limit || messageBytes(text) <= limit) return;
        let fits = 0, over = text.length;
        while (over - fits > 1) {
            const middle = (fits + over) >> 1;
            if (messageBytes(text.slice(0, middle)) <= limit) fits = middle; else over = middle;
        }
        box.value = text.slice(0, fits);
        say(guard, text.length, fits);
    }, true);
})();
