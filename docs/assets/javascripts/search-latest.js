/* Search that keeps up with typing on a large site.
 *
 * Material sends one query to its search worker per keystroke and the worker answers them in
 * order, highlighting every match. With 1,000 causes one answer takes ~0.3 s, so fast typing
 * queued seconds of stale queries before the answer to what was typed. While a query is being
 * answered, this holds further keystrokes back and then sends only the latest text.
 */
(() => {
  const input = document.querySelector("input.md-search__input");
  const meta = document.querySelector(".md-search-result__meta");  // rewritten with every answer
  if (!input || !meta) return;
  let sent = input.value;
  let busy = false;
  let held = false;
  let timer = 0;

  const send = () => {
    held = false;
    busy = true;
    sent = input.value;
    clearTimeout(timer);
    timer = setTimeout(answered, 2000);  // never hold keystrokes for long if an answer is missed
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  };
  const answered = () => {
    busy = false;
    clearTimeout(timer);
    if (held && input.value !== sent) send();
  };
  new MutationObserver(answered).observe(meta, { childList: true, characterData: true, subtree: true });

  window.addEventListener("keyup", (event) => {
    if (event.target !== input || !event.isTrusted || input.value === sent) return;
    event.stopImmediatePropagation();  // Material would query now; send() does it when free
    if (busy) held = true;
    else send();
  }, true);
})();
