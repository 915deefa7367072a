/* The site's search engine: ranks pages, and causes, for whatever a person types or pastes.
 *
 * One engine serves the search box (through worker.js, which speaks the protocol of Material's
 * own search worker) and any page that ranks causes itself, such as the agents page:
 *
 *   import { SearchEngine } from "<site>/assets/javascripts/search/engine.js";
 *   const index = await (await fetch("<site>/search/search_index.json")).json();
 *   const engine = SearchEngine.fromIndex(index);
 *   engine.rank(text, { limit: 5 });
 *   // -> [{ id, url, title, score, matched: [words], telling: [those matching title, messages, keywords],
 *   //       messages: [exact messages found], partOf: [...] }]
 *
 * How a text is ranked:
 * 1. Its words are folded (case, accents, apostrophes), stripped of common words and stemmed;
 *    no character is query syntax, so quotes, colons, + - ~ ^ * and emoji are just text.
 * 2. MiniSearch (BM25) scores each page on its title, error messages, keywords (title and
 *    search terms), headings and text, every word also matching by prefix and, for longer
 *    words, within one or two typing mistakes.
 * 3. The vocabulary of causes.yaml adds the other phrases of any synonym group the text uses,
 *    at a lower weight, and its side words (iCloud; iTunes, Finder, Mac, PC, Windows, cable...)
 *    weigh the causes of the side the text names above the others; the first cause is always
 *    one of that side.
 * 4. An exact error message found anywhere in the text (case, quotes, spacing and trailing
 *    punctuation aside) puts its causes before all others; a text that is part of a message
 *    (four words, or half of it) puts that message's causes first too.
 */
import MiniSearch from "../../vendor/minisearch/index.js";
import { stemmer } from "../../vendor/stemmer/index.js";

/** The weights of the ranking, in one place. */
export const WEIGHTS = {
  /** Weight of each field of a page: title, error messages, keywords (title and search terms),
   * section headings, text. */
  fields: { title: 2, messages: 1, keywords: 5, headings: 1.5, text: 1 },
  /** Weight of a page word matched through its spelling (a typing mistake away). */
  spelling: 6,
  /** How much a page gains by matching more of the words of a text: 1 + coverage x share. */
  coverage: 4,
  /** Weight of a word that comes from a synonym group rather than from the text itself. */
  synonym: 0.5,
  /** Weight of a side word (iCloud, iTunes, Mac...) in a text that names one side only. */
  sideWord: 0.75,
  /** Factor of a cause that is not on the side the text names. */
  otherSide: 0.5,
  /** Factor of pages that are not cause pages (home, lists, flowchart). */
  notACause: 0.5,
  /** Slight preference for the common causes when a text fits several. */
  likelihood: { common: 1.25, occasional: 1, rare: 0.75 },
};
/** Texts with more distinct words than this are matched without typo tolerance: pasted texts
 * have words enough, and fuzzy matching each would cost time. */
export const FUZZY_UP_TO = 12;
/** No real word is longer than this: a longer run of letters (pasted from a log or a link) is
 * matched only as itself, never by prefix or within typing mistakes, which would take seconds. */
export const LONGEST_WORD = 40;
/** A word in the titles, messages or search terms of more than this share of the causes
 * ("iPhone", "backup") tells none of them apart: rank() does not count it among the telling words. */
export const COMMON_SHARE = 1 / 3;
/** At most this many pages are answered (the best ones), ... */
export const MAX_RESULTS = 20;
/** ... leaving out those that score less than this share of the best one. */
export const MIN_SHARE = 0.1;
/** Common words that tell nothing about a cause. */
const STOP_WORDS = new Set((
  "a about after again all also am an and any are as at be because been before being but by can " +
  "could did do does doing for from get gets got had has have having he her here him his how i " +
  "id if im in into is it its ive just me more most my myself of on once only or other our out " +
  "not no dont doesnt didnt isnt arent wasnt werent wont cant cannot couldnt wouldnt shouldnt " +
  "over own same she should so some such than that the their them then there these they this " +
  "those through to too under until very was we were what when where which while who whom why " +
  "will with would you your yours"
).split(" "));

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const TAG = /<[^>]*>/g;
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", nbsp: " " };

/** Text of an HTML fragment, as plain text. */
export function plain(html) {
  return String(html).replace(TAG, " ").replace(/&(#?\w+);/g, (m, name) => ENTITIES[name] ?? m);
}

/** The words of a text, as written. */
export function words(text) {
  return String(text).match(WORD) || [];
}

/** A word folded for comparison: lowercase, no accents, no apostrophes. */
export function fold(word) {
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’]/g, "");
}

const stems = new Map();
/** The search term of a folded word: its stem (words of four letters or more). */
function stem(folded) {
  let out = stems.get(folded);
  if (out === undefined) {
    out = folded.length > 3 && !/\d/.test(folded) ? stemmer(folded) : folded;
    stems.set(folded, out);
  }
  return out;
}

/** The search term of a word, or null for a common word. */
export function term(word) {
  const folded = fold(word);
  return !folded || STOP_WORDS.has(folded) || /^\d$/.test(folded) ? null : stem(folded);
}

/** A text normalised for finding messages in it: case, quotes, dashes and spacing aside. */
export function normalise(text) {
  return String(text).normalize("NFKC").toLowerCase()
    .replace(/[‘’‚‛′`´]/g, "'").replace(/[“”„‟″«»]/g, '"').replace(/[‐‑‒–—]/g, "-")
    .replace(/\s+/g, " ").trim();
}

/** A message as it is looked for: normalised, without surrounding quotes or trailing stops. */
function messageKey(message) {
  return normalise(message).replace(/^["']+|["'.!?…:;]+$/g, "").trim();
}

const isWordChar = (ch) => !!ch && /[\p{L}\p{N}]/u.test(ch);

/** Whether `needle` occurs in `haystack` as whole words. */
function containsWords(haystack, needle) {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (!isWordChar(haystack[at - 1]) && !isWordChar(haystack[at + needle.length])) return true;
  }
  return false;
}

/** Keys (stems of all words, common ones included) of a phrase, for finding phrases in a text. */
function phraseKeys(phrase) {
  return words(plain(phrase).replace(/-/g, " ")).map((w) => stem(fold(w))).filter(Boolean);
}

/** Start positions of `phrase` (keys) in `keys`. */
function occurs(keys, phrase) {
  if (!phrase.length) return false;
  outer: for (let i = 0; i + phrase.length <= keys.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (keys[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** How well a page's search result fits the text: MiniSearch's score per matched term, times
 * how much of the text (its own words, not their synonyms) the page matches. */
function relevance(hit, typedTerms) {
  const covered = new Set(hit.queryTerms.filter((t) => typedTerms.has(t)));
  const coverage = typedTerms.size ? covered.size / typedTerms.size : 0;
  return (hit.score / hit.queryTerms.length) * (1 + WEIGHTS.coverage * coverage);
}

/** The distinct words of some phrases: a keyword counts once however many phrases use it. */
function distinct(phrases, key = term) {
  const seen = new Map();
  for (const w of words(phrases.join(" "))) if (!seen.has(key(w))) seen.set(key(w), w);
  return [...seen.values()].join(" ");
}

/** One page of the site, with the sections that make it up. */
class Page {
  constructor(article, sections) {
    this.location = article.location;
    this.article = article;
    this.sections = sections;
    this.cause = /^causes\/[^/]+\/$/.test(article.location) && article.where ? article.location.split("/")[1] : null;
    this.title = plain(article.title);
    this.messages = (article.messages || []).map(plain);
    this.keywords = (article.keywords || []).map(plain);
    this.where = article.where || [];
    this.boost = (article.boost ?? 1) * (this.cause ? WEIGHTS.likelihood[article.likelihood] ?? 1 : WEIGHTS.notACause);
  }

  document() {
    return {
      id: this.location,
      title: this.title,
      messages: this.messages.join("\n"),
      keywords: distinct(this.keywords),
      headings: this.sections.map((s) => plain(s.title)).join("\n"),
      text: [this.article, ...this.sections].map((s) => plain(s.text)).join("\n"),
      spelling: distinct([this.title, ...this.keywords, ...this.messages], fold),
    };
  }
}

export class SearchEngine {
  /** An engine for the search index Material wrote (search/search_index.json), as built by this
   * site: cause pages carry messages, keywords, where and likelihood, and `config.vocabulary`
   * the synonyms and side words of causes.yaml. */
  static fromIndex({ config = {}, docs = [] }) {
    const groups = new Map();
    for (const doc of docs) {
      const page = doc.location.split("#")[0];
      if (!groups.has(page)) groups.set(page, []);
      groups.get(page).push(doc);
    }
    const pages = [];
    for (const [location, entries] of groups) {
      const article = entries.find((e) => e.location === location) || { ...entries[0], location };
      pages.push(new Page(article, entries.filter((e) => e !== article)));
    }
    return new SearchEngine(pages, config.vocabulary || {});
  }

  constructor(pages, vocabulary) {
    this.pages = new Map(pages.map((p) => [p.location, p]));
    // Fields hold stemmed terms; `spelling` holds the telling words of a page as written (folded),
    // for matching mistyped words, whose stems are no guide.
    this.index = new MiniSearch({
      fields: [...Object.keys(WEIGHTS.fields), "spelling"],
      tokenize: words,
      processTerm: (word, field) => (field === "spelling" ? fold(word) : term(word)),
      searchOptions: { combineWith: "OR" },
    });
    const documents = pages.map((p) => p.document());
    this.index.addAll(documents);
    this.known = new Set();  // every term in the index: a known word is not a typing mistake
    for (const doc of documents) {
      for (const field of Object.keys(WEIGHTS.fields)) for (const w of words(doc[field])) this.known.add(term(w));
    }
    this.synonyms = (vocabulary.synonyms || []).map((group) => group.map((phrase) => ({
      keys: phraseKeys(phrase), terms: words(plain(phrase)).map(term).filter(Boolean),
    })));
    this.sides = Object.entries(vocabulary.sides || {}).map(([side, phrases]) => [side, phrases.map(phraseKeys)]);
    // Side words of one word (iCloud, Mac, cable...); the words of longer ones ("apple devices
    // app", "local backup") also say other things.
    this.sideTerms = new Set(Object.values(vocabulary.sides || {}).flat()
      .map((p) => words(plain(p))).filter((ws) => ws.length === 1).map(([w]) => term(w)));
    this.messages = [];  // every error message once: its key, its words, and the causes that show it
    const byKey = new Map();
    for (const page of pages) {
      if (!page.cause) continue;
      for (const text of page.messages) {
        const key = messageKey(text);
        if (!key) continue;
        if (!byKey.has(key)) {
          const entry = { text, key, words: words(key).map(fold), causes: [] };
          byKey.set(key, entry);
          this.messages.push(entry);
        }
        byKey.get(key).causes.push(page.location);
      }
    }
    this.vocabularyWords = this.suggestions(pages);
    this.spellings = new Set(this.vocabularyWords);
  }

  /** The terms in the titles, messages or search terms of more than COMMON_SHARE of the causes.
   * Only rank() needs them: worked out on its first call, not when the search box's worker starts. */
  get common() {
    if (!this.commonTerms) {
      const causes = [...this.pages.values()].filter((p) => p.cause);
      const spread = new Map();  // term -> how many causes have it there
      for (const page of causes) {
        for (const t of new Set(words([page.title, ...page.keywords, ...page.messages].join(" ")).map(term))) {
          spread.set(t, (spread.get(t) || 0) + 1);
        }
      }
      this.commonTerms = new Set([...spread].filter(([, n]) => n > COMMON_SHARE * causes.length).map(([t]) => t));
    }
    return this.commonTerms;
  }

  /** Known words for completing the last word typed: those of titles, keywords and messages. */
  suggestions(pages) {
    const counts = new Map();
    for (const page of pages) {
      for (const text of [page.title, ...page.keywords, ...page.messages]) {
        for (const w of words(text)) {
          const f = fold(w);
          if (f.length > 3 && !STOP_WORDS.has(f)) counts.set(f, (counts.get(f) || 0) + 1);
        }
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  }

  /** Everything the engine knows about a text: its words, the messages found in it, the sides
   * it names, and every page that matches, best first. */
  analyse(text) {
    const typed = words(text);
    const keys = typed.map((w) => stem(fold(w)));
    const sides = new Set(this.sides.filter(([, phrases]) => phrases.some((p) => occurs(keys, p))).map(([s]) => s));
    const wanted = this.wantedSides(sides);
    const query = new Map();  // term -> { weight, words: words as typed }
    const mistyped = new Map();  // folded unknown word -> words as typed
    for (const w of typed) {
      const t = this.knownTerm(w);
      if (!t) continue;
      if (!this.known.has(t) && !/\d/.test(t) && fold(w).length >= 4 && fold(w).length <= LONGEST_WORD) {
        const key = this.transposed(fold(w)) || fold(w);
        if (!mistyped.has(key)) mistyped.set(key, []);
        mistyped.get(key).push(w);
      }
      // Once a text names a side, its side words have told what they can: they steer, and
      // weigh little among the causes of that side.
      if (!query.has(t)) query.set(t, { weight: wanted && this.sideTerms.has(t) ? WEIGHTS.sideWord : 1, words: [] });
      const seen = query.get(t).words;
      if (!seen.some((s) => fold(s) === fold(w))) seen.push(w);
    }
    for (const group of this.synonyms) {
      if (!group.some((phrase) => occurs(keys, phrase.keys))) continue;
      for (const phrase of group) {
        for (const t of phrase.terms) {
          if (!query.has(t)) query.set(t, { weight: WEIGHTS.synonym / phrase.terms.length, words: [] });
        }
      }
    }
    // A text of common words only ("that could t") can only be the start of a message.
    const found = this.findMessages(text, typed, ![...query].some(([t, q]) => q.words.length && t.length > 1));
    const terms = [...query.keys()];
    const scores = new Map();
    if (terms.length) {
      const open = !/[\s.!?,;:]$/.test(text);  // the last word may still be being typed
      const last = terms.length - 1;
      const spelling = [...mistyped.keys()];
      const fuzzy = [...query.values()].filter((q) => q.words.length).length <= FUZZY_UP_TO;
      const queries = [{
        queries: [terms.join(" ")],
        fields: Object.keys(WEIGHTS.fields),
        boost: WEIGHTS.fields,
        boostTerm: (t) => query.get(t).weight,
        // A word being typed matches the words it starts; so does an unknown longer word.
        prefix: (t, i) => t.length <= LONGEST_WORD && ((open && i === last && t.length >= 2) || (!this.known.has(t) && t.length >= 4)),
      }];
      if (fuzzy && spelling.length) {
        // An unknown word also matches the words of a page one or two typing mistakes away.
        queries.push({
          queries: [spelling.join(" ")],
          fields: ["spelling"],
          boost: { spelling: WEIGHTS.spelling },
          fuzzy: (w) => (w.length >= 6 ? 2 : 1),
        });
      }
      const results = this.index.search({ combineWith: "OR", queries }, {
        tokenize: (s) => s.split(" "),
        processTerm: (t) => t,
      });
      for (const r of results) scores.set(r.id, r);
    }
    const typedTerms = new Set([...[...query].filter(([, q]) => q.words.length).map(([t]) => t), ...mistyped.keys()]);
    const typedAs = (t) => query.get(t)?.words || mistyped.get(t) || [];  // the words of the text a term stands for
    const ranked = [];
    for (const page of this.pages.values()) {
      const hit = scores.get(page.location);
      const whole = found.whole.filter((m) => m.causes.includes(page.location));
      const part = found.part.filter((m) => m.causes.includes(page.location));
      if (!hit && !whole.length && !part.length) continue;
      const onSide = !wanted || !page.cause || page.where.some((w) => wanted.has(w));
      const score = (hit ? relevance(hit, typedTerms) : 0) * page.boost * (onSide ? 1 : WEIGHTS.otherSide);
      ranked.push({
        page, score, onSide, whole, part,
        hit,
        matched: hit ? hit.queryTerms.flatMap(typedAs) : [],
        terms: hit ? hit.terms : [],
        // Messages found whole come first (more of them, then longer ones), then messages the
        // text is part of, then the score.
        rank: [whole.length, whole.reduce((n, m) => n + m.words.length, 0), part.length ? 1 : 0, score],
      });
    }
    ranked.sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return b.rank[i] - a.rank[i];
      return 0;
    });
    // A text that names one side never gets a cause of the other side first (unless one of that
    // cause's messages is in the text): the best cause of its side goes first.
    const top = ranked.find((r) => r.page.cause);
    if (wanted && top && !top.onSide && !top.whole.length && !top.part.length) {
      const best = ranked.find((r) => r.page.cause && r.onSide);
      if (best) ranked.splice(ranked.indexOf(top), 0, ...ranked.splice(ranked.indexOf(best), 1));
    }
    return { query, sides, found, ranked, mistyped, typedAs };
  }

  /** The known word a word is, with two neighbouring letters swapped ("kepes", "trsut"), if any:
   * the commonest typing mistake, which counts as two for edit distance. */
  transposed(folded) {
    for (let i = 0; i + 1 < folded.length; i++) {
      const swapped = folded.slice(0, i) + folded[i + 1] + folded[i] + folded.slice(i + 2);
      if (this.spellings.has(swapped)) return swapped;
    }
    return null;
  }

  /** The search term of a word; an unknown word that negates a known one ("unsupervised",
   * "unencrypted") is searched as the known one, which is what its pages talk about. */
  knownTerm(word) {
    const t = term(word);
    if (!t || this.known.has(t)) return t;
    const folded = fold(word);
    const rest = /^(un|non|dis)(.{4,})$/.exec(folded);
    const base = rest && term(rest[2]);
    return base && this.known.has(base) ? base : t;
  }

  /** The `where` values a text asks for, or null when it names no side or both sides. */
  wantedSides(sides) {
    const computer = new Set();
    if (sides.has("computer")) { computer.add("mac"); computer.add("windows"); }
    if (sides.has("mac")) computer.add("mac");
    if (sides.has("windows")) computer.add("windows");
    if (sides.has("icloud") === (computer.size > 0)) return null;
    return sides.has("icloud") ? new Set(["icloud"]) : computer;
  }

  /** Error messages found whole anywhere in a text, and those the whole text is part of (from
   * four of its words or half of it; from two words when `anyLength`). */
  findMessages(text, typed = words(text), anyLength = false) {
    const norm = normalise(text);
    const whole = this.messages.filter((m) => containsWords(norm, m.key));
    const part = [];
    const q = typed.map(fold);
    if (q.length >= 2 && !whole.length) {
      const open = !/[\s.!?,;:]$/.test(text);
      for (const m of this.messages) {
        if (q.length > m.words.length || (!anyLength && q.length < 4 && q.length * 2 < m.words.length)) continue;
        search: for (let i = 0; i + q.length <= m.words.length; i++) {
          for (let j = 0; j < q.length; j++) {
            const w = m.words[i + j];
            const last = open && j === q.length - 1;
            if (last ? !w.startsWith(q[j]) : w !== q[j]) continue search;
          }
          part.push(m);
          break;
        }
      }
    }
    return { whole, part };
  }

  /** The causes that best explain a text, best first: each with its id, page URL (relative to
   * the site root), title, score, the words of the text that matched it (`matched`; `telling`,
   * those of them that match its title, error messages or search terms rather than only its
   * text, leaving out words most causes use there, see COMMON_SHARE), and the exact error
   * messages found in the text (`messages`, whole; `partOf`, messages the text is a part of). */
  rank(text, { limit = 5 } = {}) {
    const { ranked, mistyped, typedAs } = this.analyse(text);
    return ranked.filter((r) => r.page.cause).slice(0, limit).map((r) => ({
      id: r.page.cause,
      url: r.page.location,
      title: r.page.title,
      score: r.score,
      matched: [...new Set(r.matched)],
      telling: [...new Set(r.hit ? r.hit.queryTerms.filter((t) => !this.common.has(t) && telling(r.hit, t, mistyped)).flatMap(typedAs) : [])],
      messages: r.whole.map((m) => m.text),
      partOf: r.part.map((m) => m.text),
    }));
  }

  /** The answer to a query in the form of Material's search worker: result groups (a page, then
   * its matching sections) with highlighted title and text, and a completion of the last word. */
  search(text) {
    if (!text.trim()) return { items: [] };
    const { query, ranked } = this.analyse(text);
    const typed = [...query.values()].filter((q) => q.words.length);
    const best = Math.max(0, ...ranked.map((r) => r.score));
    const top = ranked.filter((r) => r.whole.length || r.part.length || r.score >= MIN_SHARE * best).slice(0, MAX_RESULTS);
    const items = top.map((r, i) => {
      const score = MAX_RESULTS - i;  // Material keeps the order; sections score lower than their page
      const matched = new Set([...r.terms, ...r.terms.map(term), ...r.whole.concat(r.part).flatMap((m) => m.words.map(term))].filter(Boolean));
      const found = new Set(r.matched.map(fold));
      const terms = {};
      for (const q of typed) {
        const hit = q.words.some((w) => found.has(fold(w)));
        if (hit || typed.length <= 6) terms[q.words[0]] = hit;
      }
      const mark = (html) => highlight(html, matched);
      const article = { ...r.page.article, title: mark(r.page.article.title), text: mark(r.page.article.text), score, terms };
      const sections = r.page.sections
        .filter((s) => words(plain(`${s.title} ${s.text}`)).some((w) => isMatched(w, matched)))
        .slice(0, 5)
        .map((s) => ({ ...s, title: mark(s.title), text: mark(s.text), score: score - 0.5, terms }));
      return [article, ...sections];
    });
    return { items, suggest: this.complete(text) };
  }

  /** A completion of the word being typed, for Material's search suggestion. */
  complete(text) {
    const typed = words(text);
    const last = typed[typed.length - 1];
    if (!last || /[\s.!?,;:]$/.test(text) || last.length < 2) return [];
    const f = fold(last);
    const word = this.vocabularyWords.find((w) => w.length > f.length && w.startsWith(f));
    return word ? [last + word.slice(f.length)] : [];
  }
}

/** The fields that say what a page is about, beside its running text. */
const TELLING_FIELDS = new Set(["title", "messages", "keywords", "spelling"]);

/** Whether the query term `t` matched one of the telling fields of a page's search result (as
 * itself, as the start of a longer word, or, for a mistyped word, by its spelling). */
function telling(hit, t, mistyped) {
  return Object.entries(hit.match).some(([found, fields]) => fields.some((f) => TELLING_FIELDS.has(f))
    && (found === t || found.startsWith(t) || (mistyped.has(t) && fields.includes("spelling"))));
}

/** Whether a word of a page is one of the `matched` search terms (common words never are). */
function isMatched(word, matched) {
  const t = term(word);
  return t !== null && matched.has(t);
}

/** An HTML fragment with the words whose search term is in `matched` wrapped in <mark>. */
export function highlight(html, matched) {
  return String(html).split(/(<[^>]*>|&#?\w+;)/).map((part) => (/^[<&]/.test(part) ? part
    : part.replace(WORD, (w) => (isMatched(w, matched) ? `<mark>${w}</mark>` : w)))).join("");
}
