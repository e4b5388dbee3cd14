// Ends an idle session: after the configured minutes without keyboard, mouse or touch input,
// the sign-out form is submitted. The server also expires the sign-in cookie after the same time.
(function () {
    let timer = null;
    function arm() {
        const form = document.getElementById('idle-logout');
        if (!form) return;
        const minutes = parseInt(form.dataset.minutes || '20', 10);
        clearTimeout(timer);
        timer = setTimeout(() => form.submit(), minutes * 60 * 1000);
    }
    ['keydown', 'mousedown', 'mousemove', 'touchstart', 'wheel'].forEach(e => document.addEventListener(e, arm, { passive: true }));
    document.addEventListener('DOMContentLoaded', arm);
    setInterval(() => { if (!timer) arm(); }, 5000);
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
