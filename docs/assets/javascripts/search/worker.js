/* The site's search worker, in place of Material's (docs/overrides/main.html points Material's
 * config at it). It speaks Material's worker protocol, so Material's search box and result list
 * work as before, and ranks with engine.js over the site's own index, which it fetches itself
 * (macros/search.py): no index passes through the page.
 *
 *   {type: 0}                        set up (Material posts its own, empty, index) -> {type: 1}  (ready)
 *   {type: 2, data: "query"}         a query                        -> {type: 3, data: {items, suggest, query}}
 *
 * `query` in the answer is the text answered, so the page can tell which text the results on
 * screen belong to (search-box.js records it on the result list). Other pages may ask it to rank
 * causes, with the same engine and index:
 *
 *   {type: "rank", data: {text, limit}} -> {type: "ranked", data: {text, causes}}  (see engine.js rank())
 *
 * The engine (engine.js and the libraries it imports) and the manifest of the index are fetched
 * on the first text to search, or on {type: "warm"}, which search-box.js sends when the search box
 * is opened (answered with {type: "warmed"} once they are in): a page whose reader never searches
 * loads none of it; each text then fetches the parts
 * of the index its words need. Messages are answered in the order they came. Whatever the text,
 * the worker answers: when something could not be fetched, with no results and `failed: true`,
 * and the next text tries again.
 */
const SITE = new URL("../../../", self.location);  // this file is assets/javascripts/search/worker.js
let engine = null;
let queue = Promise.resolve();

function ranking() {
  if (!engine) {
    engine = import("./engine.js").then(({ SearchEngine }) => SearchEngine.open(SITE));
    engine.catch(() => { engine = null; });  // a failed download is tried again by the next text
  }
  return engine;
}

addEventListener("message", ({ data: message }) => {
  queue = queue.then(() => handle(message)).catch((error) => console.warn("search worker:", error));
});

async function handle(message) {
  switch (message.type) {
    case 0:
      postMessage({ type: 1 });
      break;
    case "warm":
      await ranking().then(() => postMessage({ type: "warmed" }), (error) => console.warn("search worker: could not load the search", error));
      break;
    case 2: {
      const text = String(message.data);
      const found = text.trim() ? await answer(async () => (await ranking()).search(text), { items: [] }) : { items: [] };
      postMessage({ type: 3, data: { ...found, query: message.data } });
      break;
    }
    case "rank": {
      const { text, limit } = message.data;
      const { causes = [], failed } = await answer(async () => ({ causes: await (await ranking()).rank(text, { limit }) }), {});
      postMessage({ type: "ranked", data: { text, causes, ...(failed ? { failed } : {}) } });
      break;
    }
    default:
      console.warn("search worker: unknown message", message);
  }
}

/** The answer `compute` gives, or `empty` with `failed: true` when it throws (a file that could
 * not be fetched: the next text fetches it again). */
async function answer(compute, empty) {
  try {
    return await compute();
  } catch (error) {
    console.warn("search: no answer for this text", error);
    return { ...empty, failed: true };
  }
}
