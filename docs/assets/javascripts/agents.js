/* backup-help: the agents page (/agents/). A support agent pastes a customer's message; the page
 * shows its most likely causes, with the links and replies to copy into the ticket.
 *
 * The text never leaves the tab. It is ranked by the site's search worker (search/worker.js:
 * the same engine, index and vocabulary as the search box, through its `rank` message;
 * /developers/design/), in this browser, and kept nowhere: not in the address, not in storage, and the text
 * box has autocomplete off so the browser does not restore it on its own. What each cause shows
 * (title, canonical links, fixes, its reply) comes from its entry of /causes.json, fetched on its
 * own (causes/<id>.json) the first time the cause is shown; the reply for the top causes numbers
 * their `reply_item`s and joins them with the wording of macros/ticket.py (COMBINED, in the
 * page's JSON).
 *
 * Escalating: each cause's first fix can be marked as tried, and the hand-off to Apple Support
 * (handoff.js) sums up the messages found and the causes looked at, to paste into Apple's chat.
 *
 * A failed download (the worker, the engine, a file of the index, a cause's entry) is never
 * taken for "no cause": the page says the search could not load, shows no causes, and tries again
 * with the next change to the text, with Try again, or when the connection comes back.
 *
 * Keeping up: the worker and what it ranks with load when the text box is first used. A
 * text goes to the worker after a pause in typing (at once when pasted), one text at a time;
 * the latest text goes as soon as an answer comes. Ranking runs in the worker, so a huge paste
 * never holds up the page. The form's data-revision counts the edits of the text, and the
 * results' data-revision names the edit they answer (tests wait for the two to match).
 */
import { BY_HAND, press } from "./copy.js";
import { summary } from "./handoff.js";

(() => {
  "use strict";

  const LIMIT = 5;           // causes shown
  const COMBINED_UP_TO = 3;  // causes in the reply for the top causes
  const PAUSE = 150;         // ms after the last keystroke before a text is ranked

  const root = document.querySelector("[data-bh-agents]");
  if (!root) return;
  const form = root.querySelector("[data-bh-agents-form]");
  const box = root.querySelector("[data-bh-agents-text]");
  const status = root.querySelector("[data-bh-agents-status]");
  const results = root.querySelector("[data-bh-agents-results]");
  const list = root.querySelector("[data-bh-agents-list]");
  const combined = root.querySelector("[data-bh-agents-combined]");
  const more = root.querySelector("[data-bh-agents-more]");
  const handoff = root.querySelector("[data-bh-agents-handoff]");
  const announcer = root.querySelector("[data-bh-agents-announce]");
  const retry = root.querySelector("[data-bh-agents-retry]");
  const wording = JSON.parse(document.querySelector("[data-bh-agents-wording]").textContent);
  const view = (name) => document.querySelector(`[data-bh-agents-view="${name}"]`).content.firstElementChild;
  const address = (name) => new URL(root.dataset[name], document.baseURI).href;
  const site = address("root");

  let revision = 0;  // edits of the text so far
  let answered = 0;  // the edit whose results are on screen
  let ranking = 0;   // the edit the worker is ranking, 0 when idle
  let pause = 0;     // timer of the pause after an edit
  let worker = null;  // the search worker, once started
  let answers = 0;   // answers the worker has given
  let shown = "";    // what the list on screen shows, to leave it alone when an edit changes nothing
  let broken = false;  // the last text could not be ranked (a download failed)
  const copies = new WeakMap();  // copy button -> {text, what, source}
  const entries = new Map();  // cause id -> Promise of its entry of /causes.json (causes/<id>.json)
  const tried = new Set();  // ids of the causes whose first fix the agent marked as tried, until the text is cleared
  let onScreen = [];  // the ranked causes on screen, with their entries

  /** The search worker (it fetches the site's index itself), started once. */
  function load() {
    if (!worker) {
      const started = new Worker(address("worker"));
      worker = started;
      started.postMessage({ type: "warm" });
      started.addEventListener("message", ({ data: message }) => {
        if (message.type === "ranked") answer(message.data);
      });
      started.addEventListener("error", (event) => {  // its script could not be loaded: the next text starts another
        event.preventDefault();
        if (worker !== started) return;
        worker = null;
        if (ranking) answer({ causes: [], failed: true });
      });
    }
    return worker;
  }

  /** A cause as /causes.json lists it, fetched on its own the first time it is shown; a failed
   * fetch is forgotten, so the next text tries again. */
  function entry(id) {
    if (!entries.has(id)) {
      const loading = json(`${address("causes")}${id}.json`);
      entries.set(id, loading);
      loading.catch(() => entries.delete(id));
    }
    return entries.get(id);
  }

  async function json(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  function edited(wait) {
    revision += 1;
    form.dataset.revision = revision;
    clearTimeout(pause);
    pause = setTimeout(() => { pause = 0; flush(); }, wait);
  }

  /** Rank the latest text, unless the worker is busy (its answer calls this again) or a pause runs. */
  function flush() {
    if (ranking || pause || answered === revision) return;
    const text = box.value;
    if (!text.trim()) {
      show(revision, null);
      return;
    }
    ranking = revision;
    if (!answers) say(status.dataset.loading);
    load().postMessage({ type: "rank", data: { text, limit: LIMIT } });
  }

  /** The worker's answer to the text being ranked, shown with each cause's entry; if something
   * could not be fetched, the page says so, and the next edit tries again. */
  async function answer({ causes: ranked, failed }) {
    const done = ranking;
    answers += 1;
    let found = null;
    if (!failed) {
      try {
        found = await Promise.all(ranked.map(async (r) => ({ ...r, cause: await entry(r.id) })));
      } catch (error) {
        console.warn("agents page:", error);
      }
    }
    ranking = 0;
    if (found) {
      show(done, found);
    } else {
      answered = done;
      broken = true;
      shown = null;
      list.replaceChildren();  // causes shown for an earlier text are not this text's
      results.hidden = true;
      retry.hidden = false;
      say(status.dataset.failed);
      results.dataset.revision = done;
    }
    flush();
  }

  /** After a failure: rank the text again now. */
  function again() {
    if (!broken) return;
    answered = 0;
    results.dataset.revision = "";  // answering no edit until the answer comes
    say(status.dataset.loading);
    flush();
  }

  /** The results of edit `done` (null: no text): ranked causes, each with its entry. */
  function show(done, found) {
    answered = done;
    broken = false;
    retry.hidden = true;
    const key = found && JSON.stringify(found.map((r) => [r.id, r.matched, r.messages, r.partOf]));
    if (key !== shown) {
      shown = key;
      render(found || []);
      results.hidden = !found;
    }
    say(!found ? status.dataset.idle : statusLine(found));
    results.dataset.revision = done;
  }

  function statusLine(found) {
    if (!found.length) return status.dataset.none;
    const count = found.length === 1 ? status.dataset.one : status.dataset.many.replace("{n}", found.length);
    const messages = [...new Set(found.flatMap((r) => r.messages))];
    if (!messages.length) return count;
    const stop = /[.!?…]$/.test(messages[messages.length - 1]) ? "" : ".";  // “… be completed.” ends already
    return `${count} ${status.dataset.found.replace("{messages}", () => messages.map(quote).join(", "))}${stop}`;
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  const quote = (text) => `“${text}”`;

  function render(found) {
    list.replaceChildren(...found.map(causeView));
    const top = found.slice(0, COMBINED_UP_TO);
    combined.hidden = top.length < 2;
    if (top.length >= 2) {
      const text = combinedReply(top.map((r) => r.cause));
      slot(combined, "count").textContent = top.length;
      slot(combined, "combined").textContent = text;
      const button = combined.querySelector("[data-copy]");
      label(button).textContent = label(button).dataset.text = `Copy a reply for the top ${top.length} causes`;
      copies.set(button, { text, what: `Reply for the top ${top.length} causes`, source: slot(combined, "combined") });
    }
    more.hidden = false;
    onScreen = found;
    handoff.hidden = !found.length;
    writeHandoff();
  }

  /** The hand-off to Apple Support (handoff.js): the exact messages found in the text, and the
   * top causes (and any other marked as tried) with their first fix and whether it was tried. The
   * customer's own words are not in it, only the messages of the site they quoted. */
  function writeHandoff() {
    const looked = onScreen.filter((r, i) => i < COMBINED_UP_TO || tried.has(r.cause.id));
    const text = summary({
      messages: [...new Set(onScreen.flatMap((r) => r.messages))],
      causes: looked.map(({ cause }) => ({
        title: cause.title, url: cause.url, fix: cause.fixes[0].title,
        where: cause.where.map((where) => wording.where[where]), tried: tried.has(cause.id),
      })),
    });
    slot(handoff, "handoff").textContent = text;
    copies.set(handoff.querySelector("[data-copy]"), { text, what: "Summary for Apple Support", source: slot(handoff, "handoff") });
  }

  const slot = (element, name) => element.querySelector(`[data-slot="${name}"]`);
  const label = (button) => button.querySelector("[data-label]");

  /** One reply for several causes, in order: each cause's part (`reply_item` in /causes.json)
   * numbered, between the intro and outro of ticket.py's COMBINED, as ticket.combined() does. */
  function combinedReply(list) {
    const w = wording.reply;
    return [w.intro, ...list.map((cause, i) => `${i + 1}. ${cause.reply_item}`), w.outro].join("\n\n");
  }

  function causeView(r) {
    const cause = r.cause;
    const item = view("cause").cloneNode(true);
    const page = new URL(r.url, site).href;
    item.dataset.cause = cause.id;
    const title = slot(item, "title");
    title.textContent = cause.title;
    title.href = page;
    slot(item, "badges").replaceChildren(
      ...cause.where.map((where) => badge(where, wording.where[where])),
      badge(cause.likelihood, wording.likelihood[cause.likelihood]),
    );
    if (r.messages.length) {
      slot(item, "found").hidden = false;
      slot(item, "messages").textContent = r.messages.map(quote).join(", ");
    } else if (r.partOf.length) {
      slot(item, "part").hidden = false;
      slot(item, "part-of").textContent = r.partOf.map(quote).join(", ");
    }
    // The telling words, marked; only when there are none, those most causes use (iPhone, backup).
    const telling = distinct(r.telling);
    const words = telling.length ? telling : distinct(r.matched);
    if (words.length) {
      slot(item, "words-row").hidden = false;
      const tag = telling.length ? "mark" : "span";
      slot(item, "words").replaceChildren(...words.flatMap((word, i) => [i ? " " : "", Object.assign(document.createElement(tag), { textContent: word })]));
    }
    slot(item, "url").textContent = cause.url;
    slot(item, "to-title").textContent = ` to ${cause.title}`;
    copies.set(item.querySelector('[data-copy="url"]'), { text: cause.url, what: "Link", source: slot(item, "url") });
    const first = cause.fixes[0];
    fixLink(item, first, 1, page);
    slot(item, "reply").textContent = cause.reply;
    slot(item, "for-title").textContent = ` for ${cause.title}`;
    copies.set(item.querySelector('[data-copy="reply"]'), { text: cause.reply, what: "Reply", source: slot(item, "reply") });
    const check = slot(item, "tried");
    check.checked = tried.has(cause.id);
    slot(item, "tried-title").textContent = ` (${cause.title})`;
    check.addEventListener("change", () => {
      if (check.checked) tried.add(cause.id);
      else tried.delete(cause.id);
      writeHandoff();
    });
    const fixes = slot(item, "fixes-summary");
    fixes.textContent = cause.fixes.length === 1 ? "Its fix, with a link to copy" : `All ${cause.fixes.length} fixes, with links to copy`;
    slot(item, "fixes").replaceChildren(...cause.fixes.map((fix, i) => {
      const row = view("fix").cloneNode(true);
      fixLink(row, fix, i + 1, page);
      return row;
    }));
    return item;
  }

  /** The fix's title linked on this site, and its copy button with the canonical link. */
  function fixLink(element, fix, number, page) {
    const link = slot(element, "fix");
    link.textContent = fix.title;
    link.href = `${page}#${fix.id}`;
    slot(element, "to-fix").textContent = ` to fix ${number}: ${fix.title}`;
    copies.set(element.querySelector('[data-copy="fix"]'), { text: fix.url, what: "Fix link", source: null });
  }

  function badge(kind, text) {
    return Object.assign(document.createElement("span"), { className: `bh-badge bh-badge--${kind}`, textContent: text });
  }

  /** The words, once each whatever their case, in the order first seen. */
  function distinct(words) {
    const seen = new Map();
    for (const word of words) if (!seen.has(word.toLowerCase())) seen.set(word.toLowerCase(), word);
    return [...seen.values()];
  }

  root.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    const copy = button && copies.get(button);
    if (!copy) return;
    const done = await press(button, copy.text, copy.source);
    announce(done === "copied" ? `${copy.what} copied.` : done === "selected" ? BY_HAND : `${copy.what} could not be copied here.`);
  });

  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = text; }, 50);  // a new node: read again when repeated
  }

  retry.querySelector("button").addEventListener("click", again);
  window.addEventListener("online", again);
  box.addEventListener("focus", load, { once: true });
  box.addEventListener("input", (event) => edited(/^insertFrom(Paste|Drop)/.test(event.inputType || "") ? 0 : PAUSE));
  form.addEventListener("reset", () => setTimeout(() => { tried.clear(); edited(0); box.focus(); }));  // the box empties after the event
  form.addEventListener("submit", (event) => event.preventDefault());
  if (box.value) edited(0);  // text the browser kept (autocomplete off, so seldom)
})();
