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
