/* backup-help: the troubleshooter on /troubleshooter/, one question of the decision tree at a time.
 *
 * Everything it shows was rendered at build time into the page: the tree as JSON in
 * [data-bh-ts-data] and the views as <template>s (macros/templates/troubleshooter.html.j2). It makes
 * no network request. The state lives in the URL fragment, so every step has its own link and
 * the browser's back button works:
 *
 *   #start                   the first question (also: no fragment)
 *   #q-<question id>         that question, reached by the fewest answers (the anchors of the
 *                            text version, which readers without JavaScript follow)
 *   #answers=1.3.2           the question reached by answering 1, then 3, then 2 (1-based),
 *                            or the result those answers end on
 *   &cause=2                 the second cause of an ordered list of likely causes
 *   &outcome=fixed|support   after "Did this fix it?": Yes, or No on the last likely cause
 *
 * Each new step moves keyboard focus to its heading, which screen readers then read out.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-bh-ts]");
  const source = document.querySelector("[data-bh-ts-data]");
  if (!root || !source) return;

  const tree = JSON.parse(source.textContent);
  const step = root.querySelector("[data-bh-ts-step]");
  const trail = root.querySelector("[data-bh-ts-trail]");
  const controls = root.querySelector("[data-bh-ts-controls]");
  const status = root.querySelector("[data-bh-ts-status]");
  const notice = root.querySelector("[data-bh-ts-notice]");
  const pageTitle = document.title;
  let shown = null; // the fragment on screen
  let state = null; // the state on screen

  /** The answers (indexes) that reach a question with the fewest steps, or null. */
  function pathTo(target) {
    const queue = [[tree.start, []]];
    const seen = new Set([tree.start]);
    while (queue.length) {
      const [node, answers] = queue.shift();
      if (node === target) return answers;
      tree.questions[node].answers.forEach((answer, index) => {
        if (answer.next && !seen.has(answer.next)) {
          seen.add(answer.next);
          queue.push([answer.next, [...answers, index]]);
        }
      });
    }
    return null;
  }

  /** The state a fragment names: a question, or a result with its cause and outcome; null if no such step exists. */
  function parse(hash) {
    const question = /^#?q-(.+)$/.exec(hash);
    if (question) {
      const answers = pathTo(decodeURIComponent(question[1]));
      return answers && parse(fragment(answers));
    }
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    const given = params.get("answers");
    const answers = given ? given.split(".").map(Number).map((n) => n - 1) : [];
    const path = [];
    let node = tree.start;
    let ending = null;
    for (const index of answers) {
      const answer = !ending && Number.isInteger(index) && tree.questions[node].answers[index];
      if (!answer) return null;
      path.push({ node, index });
      if (answer.next) node = answer.next;
      else ending = answer;
    }
    if (!ending) return params.has("cause") || params.has("outcome") ? null : { answers, path, node };
    const cause = Number(params.get("cause") || 1) - 1;
    const outcome = params.get("outcome") || "";
    const last = ending.causes.length - 1;
    if (!Number.isInteger(cause) || cause < 0 || cause > last) return null;
    if (outcome && outcome !== "fixed" && !(outcome === "support" && cause === last)) return null;
    return { answers, path, ending, cause, outcome };
  }

  function fragment(answers, cause = 0, outcome = "") {
    if (!answers.length) return "#start";
    return "#answers=" + answers.map((n) => n + 1).join(".") + (cause ? `&cause=${cause + 1}` : "") + (outcome ? `&outcome=${outcome}` : "");
  }

  /** The step before this one: the result before an outcome, the previous likely cause, or the previous question. */
  function previous(current) {
    if (current.outcome) return fragment(current.answers, current.cause);
    if (current.cause) return fragment(current.answers, current.cause - 1);
    return fragment(current.answers.slice(0, -1));
  }

  /** A copy of a view rendered at build time: <template data-bh-ts-view=name> or, for a cause, data-bh-ts-cause=id. */
  function clone(selector) {
    return document.querySelector(selector).content.cloneNode(true);
  }

  function slot(scope, name) {
    return scope.querySelector(`[data-slot="${name}"]`);
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function questionView(current) {
    const view = clone('[data-bh-ts-view="question"]');
    const question = tree.questions[current.node];
    slot(view, "heading").textContent = question.question;
    const help = slot(view, "help");
    help.textContent = question.help;
    help.hidden = !question.help;
    question.answers.forEach((answer, index) => {
      const a = link(fragment([...current.answers, index]), answer.label);
      a.className = "bh-ts__answer";
      slot(view, "answers").appendChild(document.createElement("li")).appendChild(a);
    });
    return view;
  }

  function resultView(current) {
    const template = document.querySelector('[data-bh-ts-view="result"]');
    const view = template.content.cloneNode(true);
    const ids = current.ending.causes;
    const last = current.cause === ids.length - 1;
    slot(view, "kicker").textContent =
      ids.length === 1
        ? template.dataset.kickerOne
        : template.dataset.kickerMany.replace("{n}", current.cause + 1).replace("{total}", ids.length);
    slot(view, "title").textContent = tree.causes[ids[current.cause]].title;
    slot(view, "card").appendChild(clone(`[data-bh-ts-cause="${ids[current.cause]}"]`));
    slot(view, "yes").href = fragment(current.answers, current.cause, "fixed");
    const no = slot(view, "no");
    no.href = last ? fragment(current.answers, current.cause, "support") : fragment(current.answers, current.cause + 1);
    no.textContent = last ? template.dataset.noLast : template.dataset.noNext;
    return view;
  }

  function fixedView(current) {
    const view = clone('[data-bh-ts-view="fixed"]');
    const cause = tree.causes[current.ending.causes[current.cause]];
    slot(view, "cause").replaceWith(link(cause.url, cause.title));
    return view;
  }

  function supportView(current) {
    const view = clone('[data-bh-ts-view="support"]');
    for (const id of current.ending.causes) {
      const cause = tree.causes[id];
      const item = slot(view, "escalations").appendChild(document.createElement("li"));
      item.append(link(cause.url, cause.title), `: ${cause.escalate}`);
    }
    return view;
  }

  function view(current) {
    if (!current.ending) return questionView(current);
    if (current.outcome === "fixed") return fixedView(current);
    if (current.outcome === "support") return supportView(current);
    return resultView(current);
  }

  /** Breadcrumbs: each question answered (a link back to it) with the answer, then the causes ruled out. */
  function renderTrail(current) {
    const list = trail.querySelector("ol");
    list.replaceChildren();
    const crumb = (href, text, note) => {
      const item = list.appendChild(document.createElement("li"));
      const chosen = document.createElement("span");
      chosen.className = "bh-ts__chosen";
      chosen.textContent = note;
      item.append(link(href, text), " ", chosen);
    };
    current.path.forEach(({ node, index }, i) => {
      const question = tree.questions[node];
      crumb(fragment(current.answers.slice(0, i)), question.question, question.answers[index].label);
    });
    if (current.ending) {
      const tried = current.outcome === "support" ? current.cause + 1 : current.cause;
      for (let k = 0; k < tried; k++) {
        crumb(fragment(current.answers, k), tree.causes[current.ending.causes[k]].title, trail.dataset.tried);
      }
    }
    trail.hidden = !list.children.length;
  }

  function render(moveFocus) {
    const current = location.hash || "#start";
    if (current === shown) return;
    shown = current;
    state = current === "#start" ? parse("") : parse(current);
    notice.textContent = state ? "" : root.dataset.invalid;
    notice.hidden = Boolean(state);
    status.textContent = "";
    state = state || parse("");
    step.replaceChildren(view(state));
    renderTrail(state);
    controls.hidden = !state.answers.length;
    const heading = step.querySelector(".bh-ts__heading");
    document.title = state.answers.length ? `${heading.textContent.trim()} - ${pageTitle}` : pageTitle;
    if (moveFocus) {
      heading.focus({ preventScroll: true });
      const top = root.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) root.scrollIntoView({ block: "start" });
    }
  }

  root.querySelector("[data-bh-ts-back]").addEventListener("click", () => {
    location.hash = previous(state);
  });
  root.querySelector("[data-bh-ts-restart]").addEventListener("click", () => {
    location.hash = "start";
  });
  root.querySelector("[data-bh-ts-copy]").addEventListener("click", async () => {
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = root.dataset.copied;
    } catch {
      status.textContent = `${root.dataset.copyFailed} ${location.href}`;
    }
  });
  window.addEventListener("hashchange", () => render(true));
  render(false);
})();
