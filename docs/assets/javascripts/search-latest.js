/* Search that keeps up with typing on a large site.
 *
 * Material sends one query to its search worker per keystroke and the worker answers them in
 * order, so on a large site the answer to what was typed waited behind stale queries: with 1,000
 * causes a query takes ~0.2 s, and one whose last word is a single letter (search matches every
 * word starting with it) takes 1-3 s. This sends a query only after a pause in typing (a key
 * released and no other pressed) and never while the worker is still answering: the latest text
 * goes as soon as the answer arrives. The pause is PAUSE, or SHORT_PAUSE after a one-letter word,
 * but never longer than the slowest answer so far: on a small site every keystroke is answered
 * at once.
 */
(() => {
  const PAUSE = 50;         // ms after a key is released, with no other key pressed
  const SHORT_PAUSE = 400;  // ... when the last word is one letter: people rarely stop there
  const MISSED = 2000;      // ms after which an answer counts as missed: keystrokes are never held for long
  const input = document.querySelector("input.md-search__input");
  const meta = document.querySelector(".md-search-result__meta");  // rewritten with every answer
  if (!input || !meta) return;
  let sent = input.value;
  let sentAt = 0;
  let slowest = 0;    // ms the slowest answer took
  let busy = false;   // a query is being answered
  let typing = 0;     // timer of the pause after the last keystroke
  let missed = 0;

  const send = () => {
    busy = true;
    sent = input.value;
    sentAt = performance.now();
    missed = setTimeout(answered, MISSED);
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));  // Material queries input.value
  };
  const flush = () => {
    if (!busy && !typing && input.value !== sent) send();
  };
  const answered = () => {
    if (busy) slowest = Math.max(slowest, performance.now() - sentAt);
    busy = false;
    clearTimeout(missed);
    flush();
  };
  new MutationObserver(answered).observe(meta, { childList: true, characterData: true, subtree: true });

  const wait = (ms) => {
    clearTimeout(typing);
    typing = setTimeout(() => { typing = 0; flush(); }, ms);
  };
  window.addEventListener("keydown", (event) => {
    if (event.target === input && event.isTrusted && typing) wait(MISSED);  // a key is down: more text is coming
  }, true);
  window.addEventListener("keyup", (event) => {
    if (event.target !== input || !event.isTrusted || input.value === sent) return;
    event.stopImmediatePropagation();  // Material would query now; flush() does it after the pause
    wait(Math.min(slowest, /(^|\s)\S$/.test(input.value) ? SHORT_PAUSE : PAUSE));
  }, true);
})();
