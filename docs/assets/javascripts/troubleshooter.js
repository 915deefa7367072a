/* backup-help: the troubleshooter on /troubleshooter/, one question of the decision tree at a time.
 *
 * Everything it shows was rendered at build time into the page: the tree as JSON in
 * [data-bh-ts-data] and the views as <template>s (macros/templates/troubleshooter.html.j2). It makes
 * no network request. The state lives in the URL fragment, so every step has its own link and the
 * browser's back button works. Support agents paste these links into tickets, so a step is named
 * by ids (causes.yaml), which stay put when answers are added, reordered or reworded. This file
 * reads every address below; step-address.js writes them (the first five):
 *
 *   #start                    the first question (also: no fragment)
 *   #path=q1:a1/q2:a2         the step reached by answering a1 to question q1, then a2 to q2: the
 *                             next question, or the result those answers end on
 *   &cause=<cause id>         on a result: the likely cause shown (an id the cause had before,
 *                             kept in its aliases, still names it)
 *   &outcome=fixed            after "Did this fix it?": Yes (with &cause)
 *   &outcome=support          No on the last likely cause: when to contact Apple Support
 *   #q-<question id>          that question, reached by the fewest answers (the anchors of the
 *                             text version, which the flowchart and readers without JavaScript use)
 *   #answers=1.3.2&cause=2    an old link, by position: read through the tree as it was when such
 *                             links were published (tree.legacy) and replaced by the step's #path=
 *                             (as is a #path= repaired as below; a #q- address stays as it is)
 *
 * A question inserted on the way since a #path= link was made is passed by its answer that leads
 * on; if the answers no longer follow each other at all, the link opens the step its last answer
 * names, reached by the fewest answers. A link to a step
 * that no longer exists, an old link that meant different steps at different times, or a mangled
 * one opens the first question with a notice. The step on screen says what it shows in data-view
 * (question, result, fixed, support), data-question, data-answer ("question:answer" of a result)
 * and data-cause. Each new step moves keyboard focus to its heading, which screen readers read out.
 */
import { BY_HAND, copy, press, select } from "./copy.js";
import { summary } from "./handoff.js";
import { address } from "./step-address.js";

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

  // A state is {path, node} for a question, or {path, ending, cause, outcome} for a result: `path`
  // lists the answers given as {node, answer} (answer objects of tree.questions), `ending` is the
  // last answer, which offers likely causes, and `cause` the id of the one shown.

  function answerOf(node, id) {
    const question = tree.questions[node];
    return (question && question.answers.find((answer) => answer.id === id)) || null;
  }

  function questionAt(path) {
    return { path, node: path.length ? path[path.length - 1].answer.next : tree.start };
  }

  function resultAt(path, cause, outcome = "") {
    return { path, ending: path[path.length - 1].answer, cause, outcome };
  }

  /** The step after giving `answer` to the question on screen. */
  function after(current, answer) {
    const path = [...current.path, { node: current.node, answer }];
    return answer.next ? questionAt(path) : resultAt(path, answer.causes[0]);
  }

  /** The answers that lead from one question to another with the fewest steps (from the start by default), or null. */
  function pathTo(target, from = tree.start) {
    const queue = [[from, []]];
    const seen = new Set([from]);
    while (queue.length) {
      const [node, path] = queue.shift();
      if (node === target) return path;
      for (const answer of tree.questions[node].answers) {
        if (answer.next && !seen.has(answer.next)) {
          seen.add(answer.next);
          queue.push([answer.next, [...path, { node, answer }]]);
        }
      }
    }
    return null;
  }

  /** The answers of "q:a" steps from the start; a question added on the way since the link was
   * made is passed by its answer that leads on. Null if a step is not an answer of its question,
   * or its question can no longer be reached from the step before. */
  function walk(steps) {
    const path = [];
    let node = tree.start;
    for (const { question, answer } of steps) {
      const bridge = node && tree.questions[question] ? pathTo(question, node) : null;
      const found = answerOf(question, answer);
      if (!bridge || !found) return null;
      path.push(...bridge, { node: question, answer: found });
      node = found.next;
    }
    return path;
  }

  /** The state named by "q:a" steps, a cause id (a retired one stands for the cause that took
   * it over) and an outcome; null if no such step exists. */
  function resolve(steps, given, outcome) {
    const cause = given && (tree.aliases[given] || given);
    let path = walk(steps);
    const last = steps[steps.length - 1];
    if (!path && answerOf(last.question, last.answer)) {
      const before = pathTo(last.question);
      path = before && [...before, { node: last.question, answer: answerOf(last.question, last.answer) }];
    }
    if (!path) return null;
    const end = path[path.length - 1].answer;
    if (end.next) return cause || outcome ? null : questionAt(path);
    if (outcome === "support") return cause ? null : resultAt(path, null, outcome);
    if (!end.causes.includes(cause) || (outcome && outcome !== "fixed")) return null;
    return resultAt(path, cause, outcome);
  }

  /** The #path= address an old #answers= link meant in a version of the tree, or null. */
  function legacyAddress(version, params) {
    const given = params.get("answers");
    const steps = [];
    let node = version.start;
    let ending = null;
    for (const number of given ? given.split(".").map(Number) : []) {
      const answer = !ending && Number.isInteger(number) && number >= 1 && version.questions[node][number - 1];
      if (!answer) return null;
      steps.push(`${node}:${answer.id}`);
      if (answer.next) node = answer.next;
      else ending = answer;
    }
    const path = steps.length ? `#path=${steps.join("/")}` : "#start";
    if (!ending) return params.has("cause") || params.has("outcome") ? null : path;
    const cause = Number(params.get("cause") || 1);
    const outcome = params.get("outcome") || "";
    if (!Number.isInteger(cause) || cause < 1 || cause > ending.causes.length) return null;
    if (outcome === "support") return cause === ending.causes.length ? `${path}&outcome=support` : null;
    if (outcome && outcome !== "fixed") return null;
    return `${path}&cause=${ending.causes[cause - 1]}${outcome ? "&outcome=fixed" : ""}`;
  }

  /** The state a fragment names, or null if it names no step (or throws on a mangled one). */
  function parse(hash) {
    const value = hash.replace(/^#/, "");
    if (value === "" || value === "start") return questionAt([]);
    const question = /^q-(.+)$/.exec(value);
    if (question) {
      const id = decodeURIComponent(question[1]);
      const path = tree.questions[id] ? pathTo(id) : null;
      return path && questionAt(path);
    }
    const params = new URLSearchParams(value);
    if (params.has("answers")) {
      const meant = new Set(tree.legacy.map((version) => legacyAddress(version, params)).filter(Boolean));
      return meant.size === 1 ? parse([...meant][0]) : null;
    }
    const steps = (params.get("path") || "").split("/").map((text) => {
      const [question, answer, ...rest] = text.split(":");
      return question && answer && !rest.length ? { question, answer } : null;
    });
    if (steps.includes(null)) return null;
    return resolve(steps, params.get("cause"), params.get("outcome") || "");
  }

  /** The address of a state (step-address.js). */
  function fragment(current) {
    return address(current.path.map(({ node, answer }) => [node, answer.id]), current.cause, current.outcome);
  }

  /** The step before this one: the result before an outcome, the previous likely cause, or the previous question. */
  function previous(current) {
    if (!current.ending) return questionAt(current.path.slice(0, -1));
    const causes = current.ending.causes;
    if (current.outcome === "support") return resultAt(current.path, causes[causes.length - 1]);
    if (current.outcome) return resultAt(current.path, current.cause);
    const index = causes.indexOf(current.cause);
    return index > 0 ? resultAt(current.path, causes[index - 1]) : questionAt(current.path.slice(0, -1));
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
    for (const answer of question.answers) {
      const a = link(fragment(after(current, answer)), answer.label);
      a.className = "bh-ts__answer";
      slot(view, "answers").appendChild(document.createElement("li")).appendChild(a);
    }
    return view;
  }

  function resultView(current) {
    const template = document.querySelector('[data-bh-ts-view="result"]');
    const view = template.content.cloneNode(true);
    const causes = current.ending.causes;
    const index = causes.indexOf(current.cause);
    const last = index === causes.length - 1;
    slot(view, "kicker").textContent =
      causes.length === 1
        ? template.dataset.kickerOne
        : template.dataset.kickerMany.replace("{n}", index + 1).replace("{total}", causes.length);
    slot(view, "title").textContent = tree.causes[current.cause].title;
    slot(view, "card").appendChild(clone(`[data-bh-ts-cause="${current.cause}"]`));
    slot(view, "yes").href = fragment(resultAt(current.path, current.cause, "fixed"));
    const no = slot(view, "no");
    no.href = fragment(last ? resultAt(current.path, null, "support") : resultAt(current.path, causes[index + 1]));
    no.textContent = last ? template.dataset.noLast : template.dataset.noNext;
    return view;
  }

  function fixedView(current) {
    const view = clone('[data-bh-ts-view="fixed"]');
    const cause = tree.causes[current.cause];
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
    slot(view, "handoff").textContent = handoff(current);
    return view;
  }

  /** The hand-off to Apple Support (handoff.js) at the end of the tree: every question with the
   * answer given, each likely cause with its first fix tried, and the canonical link of this step,
   * which shows the same summary again. */
  function handoff(current) {
    return summary({
      asked: current.path.map(({ node, answer }) => [tree.questions[node].question, answer.label]),
      causes: current.ending.causes.map((id) => ({ ...tree.causes[id], url: tree.causes[id].link, tried: true })),
      link: canonical(current),
    });
  }

  /** The canonical address of a step: what copied links and the hand-off give, whichever host
   * serves this page (a preview, an intranet mirror). */
  function canonical(current) {
    return tree.canonical + fragment(current);
  }

  function view(current) {
    if (!current.ending) return ["question", questionView(current)];
    if (current.outcome === "fixed") return ["fixed", fixedView(current)];
    if (current.outcome === "support") return ["support", supportView(current)];
    return ["result", resultView(current)];
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
    current.path.forEach(({ node, answer }, i) => {
      crumb(fragment(questionAt(current.path.slice(0, i))), tree.questions[node].question, answer.label);
    });
    if (current.ending) {
      const causes = current.ending.causes;
      const tried = current.outcome === "support" ? causes : causes.slice(0, causes.indexOf(current.cause));
      for (const id of tried) crumb(fragment(resultAt(current.path, id)), tree.causes[id].title, trail.dataset.tried);
    }
    trail.hidden = !list.children.length;
  }

  /** What the step on screen shows, for scripts and tests that read the page. */
  function describe(name, current) {
    const last = current.path[current.path.length - 1];
    step.dataset.view = name;
    step.dataset.question = current.ending ? "" : current.node;
    step.dataset.answer = current.ending ? `${last.node}:${last.answer.id}` : "";
    step.dataset.cause = current.cause || "";
  }

  function render(moveFocus) {
    const current = location.hash || "#start";
    if (current === shown) return;
    let found = null;
    try {
      found = parse(current);
    } catch {
      found = null; // a mangled link, such as a broken percent-encoding: a step that does not exist
    }
    notice.textContent = found ? "" : root.dataset.invalid;
    notice.hidden = Boolean(found);
    status.textContent = "";
    state = found || questionAt([]);
    if (found && /^#(answers|path)=/.test(current) && fragment(state) !== current) {
      history.replaceState(history.state, "", fragment(state)); // an old or repaired link: show the step's own address
    }
    shown = location.hash || "#start";
    const [name, content] = view(state);
    step.replaceChildren(content);
    describe(name, state);
    renderTrail(state);
    controls.hidden = !state.path.length;
    const heading = step.querySelector(".bh-ts__heading");
    document.title = state.path.length ? `${heading.textContent.trim()} - ${pageTitle}` : pageTitle;
    if (moveFocus) {
      heading.focus({ preventScroll: true });
      const top = root.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) root.scrollIntoView({ block: "start" });
    }
  }

  root.querySelector("[data-bh-ts-back]").addEventListener("click", () => {
    location.hash = fragment(previous(state));
  });
  root.querySelector("[data-bh-ts-restart]").addEventListener("click", () => {
    location.hash = "start";
  });
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-bh-ts-copy-handoff]");
    if (!button) return;
    const done = await press(button, handoff(state), step.querySelector('[data-slot="handoff"]'));
    status.textContent = done === "copied" ? root.dataset.copiedHandoff : done === "selected" ? BY_HAND : "";
  });
  root.querySelector("[data-bh-ts-copy]").addEventListener("click", async () => {
    status.textContent = "";
    const address = canonical(state);
    if ((await copy(address)) === "copied") {
      status.textContent = root.dataset.copied;
      return;
    }
    const shown = Object.assign(document.createElement("span"), { textContent: address });
    status.replaceChildren(`${root.dataset.copyFailed} `, shown);
    select(shown);  // ready for Ctrl+C
  });
  window.addEventListener("hashchange", () => render(true));
  render(false);
})();
