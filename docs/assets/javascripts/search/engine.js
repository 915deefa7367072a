/* The site's search engine: ranks pages, and causes, for whatever a person types or pastes.
 *
 * One engine serves the search box (through worker.js, which speaks the protocol of Material's
 * own search worker) and any page that ranks causes itself, such as the agents page:
 *
 *   import { SearchEngine } from "<site>/assets/javascripts/search/engine.js";
 *   const engine = await SearchEngine.open("<site>/");  // fetches search/manifest.json
 *   await engine.rank(text, { limit: 5 });  // fetches what the text's words need (index.js)
 *   // -> [{ id, url, title, score, matched: [words], telling: [those matching title, messages, keywords],
 *   //       messages: [exact messages found], partOf: [...] }]
 *
 * The index was built at build time (macros/searchindex.py, with the same text rules as below:
 * macros/text.py): the engine tokenises only the text it is given.
 *
 * How a text is ranked:
 * 0. A text pasted from an email is read as its writer wrote it: quote markers, quoted-printable
 *    and HTML leftovers removed (unmail()).
 * 1. Its words are folded (case, accents, apostrophes), stripped of common words and stemmed;
 *    no character is query syntax, so quotes, colons, + - ~ ^ * and emoji are just text.
 * 2. MiniSearch (BM25) scores each page on its title, error messages, keywords (title and
 *    search terms), headings and text, every word also matching by prefix and, for longer
 *    words, within one or two typing mistakes.
 * 3. The vocabulary of causes.yaml adds the other phrases of any synonym group the text uses,
 *    at a lower weight, and its side words (iCloud; iTunes, Finder, Mac, PC, Windows, cable...)
 *    weigh the causes of the side the text names above the others; the first cause is always
 *    one of that side.
 * 4. A long text is read as a story (story.js): words said only where something is fine
 *    ("backs up fine on the same Wi-Fi") weigh little and count for no side, a side the writer
 *    denies ("not using a computer") is not named, storage numbers and durations add the words
 *    they imply ("48.7 GB of 50 GB": storage full; "ran all night": slow), and a story that names
 *    no side edges iCloud's causes ahead of a computer's.
 * 5. An exact error message found anywhere in the text (case, quotes, spacing and trailing
 *    punctuation aside) puts its causes before all others; a text that is part of a message
 *    (four words, or half of it) puts that message's causes first too.
 */
import { stemmer } from "../../vendor/stemmer/index.js";
import { SearchIndex } from "./index.js";
import { read } from "./story.js";

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
  /** In a long text (a story): weight of a word said only where something is fine ("backs up
   * fine on the same Wi-Fi"), of a word the text implies ("48.7 GB of 50 GB": storage full), and
   * the factor of a computer's causes when the story names no side at all. */
  fine: 0.25,
  implied: 0.75,
  unnamedComputer: 0.75,
  /** Slight preference for the common causes when a text fits several. */
  likelihood: { common: 1.25, occasional: 1, rare: 0.75 },
};
/** Texts with more distinct words than this are matched without typo tolerance: pasted texts
 * have words enough, and fuzzy matching each would cost time. */
export const FUZZY_UP_TO = 12;
/** A text is read as a story (story.js) from this many sentences, or this many words. */
export const STORY = { sentences: 3, words: 40 };
/** A word being typed that many more known words than this start (two or three letters on a
 * large site) matches only as itself: completing it would fetch a large part of the index. The
 * real site's most completed prefix ("re") stands for 52 words. */
export const MAX_COMPLETIONS = 64;
/** No real word is longer than this: a longer run of letters (pasted from a log or a link) is
 * matched only as itself, never by prefix or within typing mistakes, which would take seconds. */
export const LONGEST_WORD = 40;
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

/** A text normalised for finding messages in it: case, quotes, dashes, spacing and invisible
 * characters aside (macros/text.py normalise, which made the messages' keys). */
export function normalise(text) {
  return String(text).replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "").normalize("NFKC").toLowerCase()
    .replace(/[‘’‚‛′`´]/g, "'").replace(/[“”„‟″«»]/g, '"').replace(/[‐‑‒–—]/g, "-")
    .replace(/\s+/g, " ").trim();
}

/** Character references an HTML email leaves in copied text. */
const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", shy: "", zwsp: "", zwnj: "", zwj: "",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", hellip: "…", ndash: "–", mdash: "—" };
/** Tags of an email's HTML, pasted as its source. */
const MAIL_TAG = /<\/?(?:a|b|blockquote|body|br|div|em|font|head|html|i|li|o:p|ol|p|span|strong|table|td|tr|u|ul)\b[^>]*>/gi;

/** What a customer wrote, out of the shape mail gives it: quoted-printable soft line breaks and
 * encoded characters ("com=\npleted", "=E2=80=99"), HTML tags and character references, and the
 * quote markers ("> ", "> > ") at the start of a quoted line. A message split across quoted,
 * wrapped lines reads whole again (normalise() then folds the line breaks). */
export function unmail(text) {
  let out = String(text);
  if (/=\r?\n|(?:=[0-9A-F]{2}){2}/.test(out)) {
    out = out.replace(/=\r?\n/g, "").replace(/(?:=[0-9A-F]{2})+/g, (encoded) => {
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(encoded.slice(1).split("="), (hex) => parseInt(hex, 16)));
      } catch {
        return encoded;  // not UTF-8: left as written
      }
    });
  }
  return out.replace(MAIL_TAG, " ")
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (found, decimal, hex, name) => {
      const code = decimal ? Number(decimal) : hex ? parseInt(hex, 16) : null;
      if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : found;
      return NAMED[name.toLowerCase()] ?? found;
    })
    .replace(/^[ \t]*(?:>[ \t]?)+/gm, "");
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
function positions(keys, phrase) {
  const out = [];
  if (!phrase.length) return out;
  outer: for (let i = 0; i + phrase.length <= keys.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (keys[i + j] !== phrase[j]) continue outer;
    out.push(i);
  }
  return out;
}

/** Whether a text is a story: several sentences or lines, or many words. */
function isStory(text, typed) {
  const sentences = String(text).split(/[.!?]+(?=\s|$)|\n+/).filter((s) => words(s).length >= 3).length;
  return sentences >= STORY.sentences || typed.length >= STORY.words;
}

/** Whether `phrase` (keys) occurs in `keys`. */
function occurs(keys, phrase) {
  return positions(keys, phrase).length > 0;
}

/** How well a page's search result fits the text: MiniSearch's score per matched term, times
 * how much of the text (its own words, not their synonyms) the page matches. */
function relevance(hit, typedTerms) {
  const covered = new Set(hit.queryTerms.filter((t) => typedTerms.has(t)));
  const coverage = typedTerms.size ? covered.size / typedTerms.size : 0;
  return (hit.score / hit.queryTerms.length) * (1 + WEIGHTS.coverage * coverage);
}

export class SearchEngine {
  /** The engine of the site whose root URL is `base`, once the manifest of its index is in. */
  static async open(base, fetcher) {
    return new SearchEngine(await SearchIndex.open(base, fetcher));
  }

  constructor(index) {
    this.index = index;
    this.known = index.known;  // every term of the index: a known word is not a typing mistake
    // Fields hold stemmed terms; `spelling` holds the telling words of a page as written (folded),
    // for matching mistyped words, whose stems are no guide.
    this.options = {
      fields: [...Object.keys(WEIGHTS.fields), "spelling"],
      tokenize: words,
      processTerm: (word, field) => (field === "spelling" ? fold(word) : term(word)),
      searchOptions: { combineWith: "OR" },
    };
    const vocabulary = index.manifest.vocabulary;
    this.synonyms = (vocabulary.synonyms || []).map((group) => group.map((phrase) => ({
      keys: phraseKeys(phrase), terms: words(plain(phrase)).map(term).filter(Boolean),
    })));
    this.sides = Object.entries(vocabulary.sides || {}).map(([side, phrases]) => [side, phrases.map(phraseKeys)]);
    // Side words of one word (iCloud, Mac, cable...); the words of longer ones ("apple devices
    // app", "local backup") also say other things.
    this.sideTerms = new Set(Object.values(vocabulary.sides || {}).flat()
      .map((p) => words(plain(p))).filter((ws) => ws.length === 1).map(([w]) => term(w)));
    // Known words for completing the last word typed, the most used first.
    this.vocabularyWords = index.manifest.spellings.filter((w) => w.length > 3 && !STOP_WORDS.has(w));
    this.spellings = new Set(this.vocabularyWords);
    // The terms in the titles, messages or search terms of over a third of the causes ("iPhone",
    // "backup"): they tell none of them apart, so rank() does not count them among the telling words.
    this.common = new Set(index.manifest.common);
  }

  /** Everything the engine knows about a text: its words, the messages found in it, the sides
   * it names, and every page that matches, best first (`n`: the page's number in the index,
   * `page`: its facts; index.page()). A text pasted from an email is read as its writer wrote it
   * (unmail()). */
  async analyse(written) {
    const text = unmail(written);
    const typed = words(text);
    const keys = typed.map((w) => stem(fold(w)));
    // A story (several sentences, as a customer writes them; not a question typed into the search
    // box) is read for what it says is fine, what it denies and what its numbers say.
    const story = isStory(text, typed) ? read(text, WORD) : null;
    const asserted = (i) => !story || (!story.fine[story.words[i].part] && !story.negated(i));
    const sides = new Set(this.sides.filter(([, phrases]) => phrases.some((p) => positions(keys, p).some(asserted))).map(([s]) => s));
    const wanted = this.wantedSides(sides);
    const query = new Map();  // term -> { weight, words: words as typed }
    const mistyped = new Map();  // folded unknown word -> words as typed
    const add = (w, i) => {
      const t = this.knownTerm(w);
      if (!t) return;
      if (!this.known.has(t) && !/\d/.test(t) && fold(w).length >= 4 && fold(w).length <= LONGEST_WORD) {
        const key = this.transposed(fold(w)) || fold(w);
        if (!mistyped.has(key)) mistyped.set(key, []);
        mistyped.get(key).push(w);
      }
      // Once a text names a side, its side words have told what they can: they steer, and
      // weigh little among the causes of that side.
      const weight = wanted && this.sideTerms.has(t) ? WEIGHTS.sideWord : 1;
      if (!query.has(t)) query.set(t, { weight, words: [], fineOnly: true });
      const q = query.get(t);
      if (!story || !story.fine[story.words[i].part]) q.fineOnly = false;
      if (!q.words.some((s) => fold(s) === fold(w))) q.words.push(w);
    };
    typed.forEach(add);
    for (const q of query.values()) if (story && q.fineOnly) q.weight *= WEIGHTS.fine;
    // What a story implies weighs as a little less than what it says.
    const implied = (story ? story.implied : []).flatMap((phrase) => words(phrase));
    for (const t of implied.map(term).filter(Boolean)) if (!query.has(t)) query.set(t, { weight: WEIGHTS.implied, words: [] });
    const storyKeys = [...keys, ...implied.map((w) => stem(fold(w)))];
    for (const group of this.synonyms) {
      if (!group.some((phrase) => occurs(storyKeys, phrase.keys))) continue;
      for (const phrase of group) {
        for (const t of phrase.terms) {
          if (!query.has(t)) query.set(t, { weight: WEIGHTS.synonym / phrase.terms.length, words: [] });
        }
      }
    }
    // In a story, a term on most pages of a large site (index.broad: on over 1,000 pages; none
    // of the real site's) tells no cause apart, and weighing its thousands of pages was nearly all
    // the work of ranking (2.9 s a keystroke at 10,000 causes): it is left out.
    if (story) for (const t of query.keys()) if (this.index.broad.has(t)) query.delete(t);
    const terms = [...query.keys()];
    const open = !/[\s.!?,;:]$/.test(text);  // the last word may still be being typed
    const last = terms.length - 1;
    // A word being typed matches the words it starts; so does an unknown longer word (not one
    // longer than any real word).
    const prefix = (t, i) => t.length <= LONGEST_WORD && ((open && i === last && t.length >= 2) || (!this.known.has(t) && t.length >= 4));
    const spelling = [...mistyped.keys()];
    const fuzzy = [...query.values()].filter((q) => q.words.length).length <= FUZZY_UP_TO && spelling.length > 0;
    // What the text's words need of the index: their terms, the terms their prefixes stand for
    // (not broad ones, on most pages of a large site, nor a prefix that stands for more than
    // MAX_COMPLETIONS), and the spellings a mistyped word may be.
    const needed = new Set(terms);
    terms.forEach((t, i) => {
      const completions = prefix(t, i) ? this.index.prefixed(t).filter((k) => !this.index.broad.has(k)) : [];
      if (completions.length <= MAX_COMPLETIONS) completions.forEach((k) => needed.add(k));
    });
    if (fuzzy) for (const w of spelling) for (const k of [w, ...this.index.near(w, w.length >= 6 ? 2 : 1)]) needed.add(k);
    const [postings, lengths, found] = await Promise.all([
      this.index.get("postings", needed),
      this.index.lengths(),
      // A text of common words only ("that could t") can only be the start of a message.
      this.findMessages(text, typed, ![...query].some(([t, q]) => q.words.length && t.length > 1)),
    ]);
    const scores = new Map();
    if (terms.length) {
      const queries = [{
        queries: [terms.join(" ")],
        fields: Object.keys(WEIGHTS.fields),
        boost: WEIGHTS.fields,
        boostTerm: (t) => query.get(t).weight,
        prefix,
      }];
      if (fuzzy) {
        // An unknown word also matches the words of a page one or two typing mistakes away.
        queries.push({
          queries: [spelling.join(" ")],
          fields: ["spelling"],
          boost: { spelling: WEIGHTS.spelling },
          fuzzy: (w) => (w.length >= 6 ? 2 : 1),
        });
      }
      const results = this.index.miniSearch(postings, lengths, this.options).search({ combineWith: "OR", queries }, {
        tokenize: (s) => s.split(" "),
        processTerm: (t) => t,
      });
      for (const r of results) scores.set(r.id, r);
    }
    // The text's own words, less those a story says only where all is fine: a page gains by
    // matching more of them.
    const typedTerms = new Set([...[...query].filter(([, q]) => q.words.length && !(story && q.fineOnly)).map(([t]) => t),
      ...mistyped.keys()]);
    const typedAs = (t) => query.get(t)?.words || mistyped.get(t) || [];  // the words of the text a term stands for
    const pages = new Set([...scores.keys(), ...[...found.whole, ...found.part].flatMap((m) => m.causes)]);
    const ranked = [];
    for (const n of [...pages].sort((a, b) => a - b)) {
      const page = this.index.page(n);
      const hit = scores.get(n);
      const whole = found.whole.filter((m) => m.causes.includes(n));
      const part = found.part.filter((m) => m.causes.includes(n));
      const onSide = !wanted || !page.cause || page.where.some((w) => wanted.has(w));
      const boost = (page.boost ?? 1) * (page.cause ? WEIGHTS.likelihood[page.likelihood] ?? 1 : WEIGHTS.notACause);
      // A story that names no side at all is most likely about iCloud, the iPhone's own backup.
      const unnamed = story && !sides.size && page.cause && !page.where.includes("icloud") ? WEIGHTS.unnamedComputer : 1;
      const score = (hit ? relevance(hit, typedTerms) : 0) * boost * unnamed * (onSide ? 1 : WEIGHTS.otherSide);
      ranked.push({
        n, page, score, onSide, whole, part,
        hit,
        matched: hit ? hit.queryTerms.flatMap(typedAs) : [],
        terms: hit ? hit.terms : [],
        // Messages found whole come first (more of them, then longer ones), then messages the
        // text is part of, then the score.
        rank: [whole.length, whole.reduce((k, m) => k + m.words.length, 0), part.length ? 1 : 0, score],
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
   * four of its words or half of it; from two words when `anyLength`); each message with its
   * `key`, `words` and `causes` (page numbers), in the index's order of messages. */
  async findMessages(text, typed = words(text), anyLength = false) {
    const norm = normalise(text);
    // A message in the text has its rarest word there: the index files each under that word.
    const filed = await this.index.get("rarest", words(norm).map(fold));
    const whole = [...filed.values()].flat().filter((m) => containsWords(norm, m.key)).sort((a, b) => a.n - b.n).map(withWords);
    const part = [];
    const q = typed.map(fold);
    const open = !/[\s.!?,;:]$/.test(text);
    if (q.length >= 2 && !whole.length && q.length <= this.index.manifest.longestMessage) {
      // A message the text is part of has each of its whole words: look it up by the rarest.
      const count = (w) => this.index.manifest.frequentWords[w] || 0;
      const rarest = (open ? q.slice(0, -1) : q).reduce((best, w) => (count(w) < count(best) ? w : best));
      const candidates = ((await this.index.get("words", [rarest])).get(rarest) || []).map(withWords);
      for (const m of candidates) {
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
   * text, leaving out the terms most causes use there, see `common`), and the exact error
   * messages found in the text (`messages`, whole; `partOf`, messages the text is a part of). */
  async rank(text, { limit = 5 } = {}) {
    const { ranked, mistyped, typedAs } = await this.analyse(text);
    const top = ranked.filter((r) => r.page.cause).slice(0, limit);
    const heads = await this.index.heads(top.map((r) => r.n));
    return top.map((r) => {
      const { location, title } = heads.get(r.n);
      return {
        id: location.split("/")[1],
        url: location,
        title: plain(title),
        score: r.score,
        matched: [...new Set(r.matched)],
        telling: [...new Set(r.hit ? r.hit.queryTerms.filter((t) => !this.common.has(t) && telling(r.hit, t, mistyped)).flatMap(typedAs) : [])],
        messages: r.whole.map((m) => m.text),
        partOf: r.part.map((m) => m.text),
      };
    });
  }

  /** The answer to a query in the form of Material's search worker: result groups (a page, then
   * its matching sections) with highlighted title and text, and a completion of the last word. */
  async search(text) {
    if (!text.trim()) return { items: [] };
    const { query, ranked } = await this.analyse(text);
    const typed = [...query.values()].filter((q) => q.words.length);
    const best = Math.max(0, ...ranked.map((r) => r.score));
    const top = ranked.filter((r) => r.whole.length || r.part.length || r.score >= MIN_SHARE * best).slice(0, MAX_RESULTS);
    const entries = await this.index.pages(top.map((r) => r.n));
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
      const page = entries.get(r.n);
      const article = { ...page.article, title: mark(page.article.title), text: mark(page.article.text), score, terms };
      const sections = page.sections
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

/** A message of the index with its words (folded), as the index filed it by them. */
function withWords(message) {
  message.words ??= words(message.key).map(fold);
  return message;
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
