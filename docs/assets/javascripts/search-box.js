/* Material's search box, made to keep up and to say what it answered.
 *
 * Loaded in the page head, before Material's bundle starts the search worker (search/worker.js).
 *
 * 1. Every answer is recorded on the result list: `data-query` holds the text whose results are
 *    on screen, `data-results` how many pages they are. Tests wait for the whole typed text to be
 *    answered this way, and never on a timer.
 * 2. Opening the search box tells the worker to load its engine (it loads nothing before); once
 *    it has, the result list says so (`data-ready`).
 * 3. When a text matches nothing, a hint says what to try and links the troubleshooter and the
 *    error index (the template #bh-search-empty in the page, docs/overrides/main.html). When the
 *    search could not load (the worker's answer says `failed`: a file could not be fetched),
 *    the list says so instead (#bh-search-failed), never "No matching documents": the next
 *    key, the note's Try again button or the connection coming back tries again, and the list
 *    carries `data-failed` meanwhile.
 * 5. A failed download never breaks search until a reload. Material starts the search worker
 *    once: the worker it gets (SearchWorker), if its script could not be loaded, says it is
 *    ready all the same, answers the text waiting with `failed`, and starts a new worker with
 *    the next message. (Material's own search box also needs Material's small index,
 *    search/search_index.json, fetched with every page, and stops until a reload if that one
 *    fails: Material's code, not this file's. The service worker keeps that file.)
 * 4. Queries keep up with typing on a large site: Material sends one query per keystroke and the
 *    worker answers them in order, so the answer to what was typed could wait behind stale ones.
 *    This sends a query only after a pause in typing (a key released and no other pressed) and
 *    never while the worker is still answering: the latest text goes as soon as the answer
 *    arrives. The pause is PAUSE, or SHORT_PAUSE after a one-letter word, but never longer than
 *    the slowest answer so far, so a small site answers every keystroke at once. Text pasted or
 *    dropped without a key is searched too.
 */
(() => {
  const PAUSE = 50;         // ms after a key is released, with no other key pressed
  const SHORT_PAUSE = 400;  // ... when the last word is one letter: people rarely stop there
  const MISSED = 2000;      // ms after which an answer counts as missed: keystrokes are never held for long

  // The worker's answers carry the text they answer; keep the latest one for the result list.
  let answer = null;
  let material = null;  // the search box's worker (Material starts it while the page loads)
  const BaseWorker = window.Worker;

  /** The site's search worker as Material's search box uses it (postMessage, message events),
   * made to recover from a failed download (5. above). */
  class SearchWorker extends EventTarget {
    constructor(url, options) {
      super();
      Object.assign(this, { url, options, worker: null, asked: null });
      this.addEventListener("message", ({ data }) => {
        if (data && data.type === 3 && data.data) answer = { query: data.data.query, results: data.data.items.length, failed: Boolean(data.data.failed) };
        if (data && data.type === "warmed") document.querySelector(".md-search-result__list")?.setAttribute("data-ready", "");
      });
      this.start();
    }

    start() {
      const worker = new BaseWorker(this.url, ...this.options);
      this.worker = worker;
      worker.addEventListener("message", ({ data }) => {
        if (data && data.type === 3) this.asked = null;
        this.say(data);
      });
      worker.addEventListener("error", (event) => {  // its script could not be loaded
        event.preventDefault();
        if (this.worker !== worker) return;
        this.worker = null;
        this.say({ type: 1 });  // ready all the same: the next message starts a new worker
        if (this.asked !== null) this.say({ type: 3, data: { items: [], query: this.asked, failed: true } });
        this.asked = null;
      });
    }

    say(data) {
      this.dispatchEvent(new MessageEvent("message", { data }));
    }

    postMessage(message) {
      if (!this.worker) this.start();
      if (message && message.type === 2) this.asked = message.data;
      this.worker.postMessage(message);
    }

    terminate() {
      this.worker?.terminate();
      this.worker = null;
    }
  }

  if (BaseWorker) {
    window.Worker = class Worker extends BaseWorker {
      constructor(url, ...options) {
        if (!material && String(url).includes("search/worker.js")) return (material = new SearchWorker(url, options));
        super(url, ...options);
      }
    };
  }

  const start = () => {
    const input = document.querySelector("input.md-search__input");
    const meta = document.querySelector(".md-search-result__meta");  // rewritten with every answer
    const list = document.querySelector(".md-search-result__list");
    if (!input || !meta || !list) return;
    const note = (id) => {
      const template = document.getElementById(id);
      const found = template ? template.content.firstElementChild.cloneNode(true) : null;
      if (found) {
        found.hidden = true;
        meta.after(found);  // between the count and the list: Material finds the list as the last child
      }
      return found;
    };
    const empty = note("bh-search-empty");
    const failed = note("bh-search-failed");

    let sent = input.value;
    let sentAt = 0;
    let slowest = 0;    // ms the slowest answer took
    let busy = false;   // a query is being answered
    let typing = 0;     // timer of the pause after the last keystroke
    let keyDown = false;
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
      if (answer) {
        list.dataset.query = answer.query;
        list.dataset.results = answer.results;
        list.toggleAttribute("data-failed", answer.failed);
        if (empty) empty.hidden = answer.failed || answer.results > 0 || !answer.query.trim();
        if (failed) failed.hidden = !answer.failed;
        if (answer.failed && failed) meta.textContent = failed.dataset.meta;  // in place of Material's "No matching documents"
        answer = null;
      }
      flush();
    };
    /** Ask again for the text in the box, now (after a failure). */
    const retry = () => {
      if (busy || !material || !list.hasAttribute("data-failed")) return;
      busy = true;
      sent = input.value;
      sentAt = performance.now();
      missed = setTimeout(answered, MISSED);
      material.postMessage({ type: 2, data: input.value });
    };
    failed?.querySelector("button")?.addEventListener("click", () => {
      retry();
      input.focus();
    });
    window.addEventListener("online", retry);
    new MutationObserver(answered).observe(meta, { childList: true, characterData: true, subtree: true });

    const wait = (ms) => {
      clearTimeout(typing);
      typing = setTimeout(() => { typing = 0; flush(); }, ms);
    };
    window.addEventListener("keydown", (event) => {
      if (event.target !== input || !event.isTrusted) return;
      keyDown = true;
      if (typing) wait(MISSED);  // a key is down: more text is coming
    }, true);
    window.addEventListener("keyup", (event) => {
      if (event.target !== input || !event.isTrusted) return;
      keyDown = false;
      if (input.value === sent) return;
      event.stopImmediatePropagation();  // Material would query now; flush() does it after the pause
      wait(Math.min(slowest, /(^|\s)\S$/.test(input.value) ? SHORT_PAUSE : PAUSE));
    }, true);
    input.addEventListener("input", (event) => {
      if (event.isTrusted && !keyDown && input.value !== sent) wait(Math.min(slowest, PAUSE));  // pasted or dropped
    });
    // The worker loads its engine when search opens, while the first words are being typed.
    input.addEventListener("focus", () => material?.postMessage({ type: "warm" }));
    // An answer shown before this ran (a heavy page can hold DOMContentLoaded back) is recorded now.
    if (answer) answered();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
