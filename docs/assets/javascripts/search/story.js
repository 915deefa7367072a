/* How the engine reads a customer's story (engine.js, for long texts): which words sit in a part
 * that says something is fine ("my husband's phone backs up fine on the same Wi-Fi", "I have
 * plenty of storage"), which side words are denied ("I'm not using a computer"), and what the
 * numbers and durations say ("48.7 GB of my 50 GB", "only 200 MB free", "it ran all night").
 *
 * Everything here is in plain data: the patterns below, in customers' words, and what a reading
 * implies, as words the engine adds to the text (macros and causes.yaml know nothing of it).
 */

/** Words that start a new part of a sentence: what follows may say the opposite. */
const TURNS = /^(?:but|however|although|though|except|yet|while|whereas)$/i;

/** Words before "works" or "up to date" that turn it into a complaint ("stopped working"). */
const DENIED = String.raw`(?<!\b(?:not|never|nothing|stopped|longer|barely|hardly)\s)(?<!n['’]t\s)`;

/** A part of a text that says something works or is fine. */
const FINE = new RegExp([
  String.raw`${DENIED}\b(?:works?|working|worked)\b(?!\s+(?:out|on\s+it))`,
  String.raw`\b(?:backs?|backed|backing|syncs?|synced)\s+up\s+(?:fine|ok|okay|normally|perfectly|without)\b`,
  String.raw`\b(?:is|are|was|seems?|looks?)\s+(?:fine|ok|okay|good|great|strong|stable|normal)\b`,
  String.raw`\bno\s+(?:problems?|issues?|trouble)\b`,
  String.raw`\b(?:not|isn['’]?t|wasn['’]?t)\s+the\s+(?:problem|issue|cause)\b`,
  String.raw`\b(?:plenty|lots|loads|tons)\s+of\s+(?:free\s+)?(?:space|storage|room)\b`,
  String.raw`(?<!\bnot\s)(?<!n['’]t\s)\b(?:enough|sufficient)\s+(?:free\s+)?(?:space|storage|room)\b`,
  String.raw`${DENIED}\bup\s+to\s+date\b`,
  String.raw`\b(?:full\s+bars|strong\s+signal|fast\s+(?:wi-?fi|internet|connection))\b`,
].join("|"), "i");

/** Words that deny what follows, within NEGATION_REACH words. */
const NEGATIONS = new Set(["not", "no", "never", "without", "dont", "doesnt", "didnt", "isnt", "cant", "wont", "nor"]);
const NEGATION_REACH = 3;

const AMOUNT = /(\d+(?:[.,]\d+)?)\s*(tb|gb|mb|kb)\b/gi;
const UNITS = { kb: 1e-6, mb: 1e-3, gb: 1, tb: 1e3 };
/** "48.7 GB of 50 GB", "48.7 of 50 GB", "48.7GB/50GB": used, then the whole. */
const USED_OF = /(\d+(?:[.,]\d+)?)\s*(tb|gb|mb|kb)?\s*(?:of|out\s+of|\/|from)\s*(?:my\s+|the\s+|a\s+)?(\d+(?:[.,]\d+)?)\s*(tb|gb|mb|kb)\b/gi;
const FREE = /\b(?:free|left|available|remaining)\b/i;
const USING = /\b(?:using|used|uses|taken|taking\s+up|full)\b/i;
/** How long something ran, and words that say it is still running or took that long. */
const DURATION = /\b(?:\d+|a\s+few|few|several|many|couple\s+of|two|three|four|five|six|eight|ten|twelve)\s+(?:hours?|hrs?|days?|nights?)\b|\ball\s+(?:night|day)\b|\bovernight\b|\bfor\s+ages\b|\bforever\b/i;
const RUNNING = /\b(?:takes?|took|taking|run|runs|ran|running|stuck|still|estimating|remaining|hangs?|hung|spinning|progress|been\s+backing)\b/i;

/** A nearly full store: used of the whole at least this share. */
const NEARLY_FULL = 0.9;
/** Free space under this many GB is too little for a backup; at least PLENTY is plenty. */
const LITTLE = 1;
const PLENTY = 5;

/** What a reading adds to the text, as words (engine.js weighs them as WEIGHTS.implied). */
export const IMPLIED = {
  full: "storage full not enough space",
  slow: "takes forever slow",
};

const number = (text) => Number(text.replace(",", "."));

/** The parts of a text (by word), and what they say.
 * `words`: the words with their part; `fine[part]`: the part says something is fine;
 * `negated(i)`: word i is denied by a word shortly before it; `implied`: phrases the text implies. */
export function read(text, wordPattern) {
  const found = [];
  let part = 0;
  let last = 0;
  for (const match of String(text).matchAll(wordPattern)) {
    if (/[.!?;\n]/.test(text.slice(last, match.index)) || TURNS.test(match[0])) part += 1;
    found.push({ word: match[0], part });
    last = match.index + match[0].length;
  }
  const parts = [];
  for (const { word, part: p } of found) (parts[p] ??= []).push(word);
  const sentences = parts.map((ws) => (ws || []).join(" "));
  const implied = new Set();
  const fine = sentences.map((s) => FINE.test(s));
  // Numbers are read in the text itself (the words drop the decimal point and the units).
  for (const chunk of String(text).split(/(?<=[.!?;])\s+|\n+/)) {
    for (const m of chunk.matchAll(USED_OF)) {
      const whole = number(m[3]) * UNITS[m[4].toLowerCase()];
      const used = number(m[1]) * UNITS[(m[2] || m[4]).toLowerCase()];
      if (whole > 0 && used / whole >= NEARLY_FULL && used <= whole * 1.05) implied.add(IMPLIED.full);
    }
    const amounts = [...chunk.matchAll(AMOUNT)].map((m) => number(m[1]) * UNITS[m[2].toLowerCase()]).sort((a, b) => b - a);
    if (amounts.length >= 2 && amounts[1] < amounts[0] && amounts[1] / amounts[0] >= NEARLY_FULL && USING.test(chunk)) {
      implied.add(IMPLIED.full);  // "the 50 GB plan ... I'm using 48.7 GB of it"
    }
    if (FREE.test(chunk)) {
      for (const m of chunk.matchAll(AMOUNT)) {
        const amount = number(m[1]) * UNITS[m[2].toLowerCase()];
        if (amount < LITTLE) implied.add(IMPLIED.full);
      }
    }
    if (DURATION.test(chunk) && RUNNING.test(chunk)) implied.add(IMPLIED.slow);
  }
  const plenty = (s) => FREE.test(s) && [...s.matchAll(/(\d+)\s+(tb|gb)\b/gi)].some((m) => number(m[1]) * UNITS[m[2].toLowerCase()] >= PLENTY);
  sentences.forEach((s, i) => { if (plenty(s)) fine[i] = true; });
  const folded = found.map(({ word }) => word.toLowerCase().replace(/['’]/g, ""));
  return {
    words: found,
    fine,
    negated: (i) => folded.slice(Math.max(0, i - NEGATION_REACH), i).some((w) => NEGATIONS.has(w)),
    implied: [...implied],
  };
}
