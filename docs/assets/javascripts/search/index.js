/* The site's search index as engine.js reads it (macros/searchindex.py writes it): first
 * search/manifest.json, which every search needs, then only the files a text's words need.
 *
 * Each file is fetched once and kept; a fetch that fails is forgotten, so the next text tries
 * again (and `SearchIndex.open` rejects, for its caller to retry). Keys whose data is large have
 * a file of their own; the others share a few files, chosen by the FNV-1a hash of the key.
 */
import MiniSearch from "../../vendor/minisearch/index.js";

/** The 32-bit FNV-1a hash of a key's UTF-8 bytes (macros/searchindex.py fnv1a). */
export function fnv1a(key) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** Whether a Bloom filter of the index may hold a key (false: it certainly does not). */
export function mayHold({ bits, hashes }, key) {
  const bytes = atob(bits);
  const size = bytes.length * 8;
  const first = fnv1a(key);
  const second = (fnv1a(`#${key}`) | 1) >>> 0;
  for (let i = 0; i < hashes; i++) {
    const bit = (first + i * second) % size;  // below 2 ** 40: exact in a double
    if (!(bytes.charCodeAt(bit >> 3) & (1 << (bit & 7)))) return false;
  }
  return true;
}

async function getJSON(url, fetcher) {
  const response = await fetcher(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const LIKELIHOODS = ["", "common", "occasional", "rare"];
const SIDES = ["icloud", "mac", "windows"];

export class SearchIndex {
  /** The index of the site at `base` (its root URL), once its manifest is in. */
  static async open(base, fetcher = (url) => fetch(url)) {
    return new SearchIndex(base, await getJSON(new URL("search/manifest.json", base), fetcher), fetcher);
  }

  constructor(base, manifest, fetcher) {
    this.base = base;
    this.manifest = manifest;
    this.fetcher = fetcher;
    this.files = new Map();  // path -> Promise of its data
    this.terms = manifest.terms;  // sorted
    this.known = new Set(manifest.terms);
    this.broad = new Set(manifest.broad);  // terms on so many pages that no prefix stands for them
    this.fieldIds = Object.fromEntries(manifest.fields.map((field, id) => [field, id]));
  }

  /** Facts of page `n`: whether it is a cause page, its sides, likelihood and search boost. */
  page(n) {
    const flags = this.manifest.pages[n];
    return {
      cause: Boolean(flags & 1),
      where: SIDES.filter((_, i) => flags & (2 << i)),
      likelihood: LIKELIHOODS[flags >> 4],
      boost: this.manifest.boosts[n],
    };
  }

  /** The known terms that start with `prefix`. */
  prefixed(prefix) {
    let low = 0;
    let high = this.terms.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.terms[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const out = [];
    for (let i = low; i < this.terms.length && this.terms[i].startsWith(prefix); i++) out.push(this.terms[i]);
    return out;
  }

  /** The spellings (words of titles, keywords and messages) at most `distance` edits from `word`. */
  near(word, distance) {
    return this.manifest.spellings.filter((w) => Math.abs(w.length - word.length) <= distance && edits(w, word, distance) <= distance);
  }

  fetchFile(path) {
    if (!this.files.has(path)) {
      const loading = getJSON(new URL(path, this.base), this.fetcher);
      this.files.set(path, loading);
      loading.catch(() => this.files.delete(path));
    }
    return this.files.get(path);
  }

  /** The values of `keys` in one of the manifest's stores (postings, rarest, words), as a Map
   * that leaves out keys the store does not have. */
  async get(storeName, keys) {
    const store = this.manifest.stores[storeName];
    const wanted = [...new Set(keys)].filter((key) => !store.filter || mayHold(store.filter, key));
    const path = (key) => (key in store.own ? `${store.folder}/own-${store.own[key]}.json` : `${store.folder}/${fnv1a(key) % store.shared}.json`);
    const paths = [...new Set(wanted.map(path))];
    const loaded = new Map(await Promise.all(paths.map(async (p) => [p, await this.fetchFile(p)])));
    const out = new Map();
    for (const key of wanted) {
      const data = loaded.get(path(key));
      if (Object.hasOwn(data, key)) out.set(key, data[key]);
    }
    return out;
  }

  /** The location and title of pages, by page number (search/heads/: a few files for all pages). */
  async heads(numbers) {
    const size = this.manifest.heads;
    const files = new Map(await Promise.all([...new Set(numbers.map((n) => Math.floor(n / size)))]
      .map(async (k) => [k, await this.fetchFile(`search/heads/${k}.json`)])));
    return new Map(numbers.map((n) => {
      const [location, title] = files.get(Math.floor(n / size))[n % size];
      return [n, { location, title }];
    }));
  }

  /** The entries of pages, by page number: {article, sections} as the result list shows them. */
  async pages(numbers) {
    return new Map(await Promise.all([...new Set(numbers)].map(async (n) => [n, await this.fetchFile(`search/pages/${n}.json`)])));
  }

  /** Each page's length of each field (by field id, then page), fetched once. */
  lengths() {
    return this.fetchFile("search/lengths.json");
  }

  /** A MiniSearch index of the given postings (key -> per field [id, gaps, counts]), scoring as
   * the index of the whole site would: BM25 needs only these keys' postings, the lengths of the
   * fields they are in (`lengths`, from lengths()) and the statistics of the whole site. */
  miniSearch(postings, lengths, options) {
    const documentIds = {};
    const fieldLength = {};
    const index = [];
    for (const [key, columns] of postings) {
      const fields = {};
      for (const [fieldId, gaps, counts] of columns) {
        const freqs = {};
        let page = 0;
        gaps.forEach((gap, i) => {
          page += gap;
          freqs[page] = counts[i];
          documentIds[page] = page;
          (fieldLength[page] ??= [])[fieldId] = lengths[fieldId][page];
        });
        fields[fieldId] = freqs;
      }
      index.push([key, fields]);
    }
    return MiniSearch.loadJS({
      documentCount: this.manifest.documentCount,
      nextId: this.manifest.documentCount,
      documentIds,
      fieldIds: this.fieldIds,
      fieldLength,
      averageFieldLength: this.manifest.averageFieldLength,
      storedFields: {},
      dirtCount: 0,
      index,
      serializationVersion: 2,
    }, options);
  }
}

/** Levenshtein distance of two words, or more than `limit` once it cannot be within it. */
function edits(a, b, limit) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, next[j]);
    }
    if (best > limit) return limit + 1;
    row = next;
  }
  return row[b.length];
}
