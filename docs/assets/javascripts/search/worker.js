/* The site's search worker, in place of Material's (macros/search.py points Material's config at
 * it). It speaks Material's worker protocol, so Material's search box and result list work as
 * before, and ranks with engine.js:
 *
 *   {type: 0, data: {config, docs}}  set up from the search index   -> {type: 1}  (ready)
 *   {type: 2, data: "query"}         a query                        -> {type: 3, data: {items, suggest, query}}
 *
 * `query` in the answer is the text answered, so the page can tell which text the results on
 * screen belong to (search-box.js records it on the result list). Other pages may ask it to rank
 * causes, with the same engine and index:
 *
 *   {type: "rank", data: {text, limit}} -> {type: "ranked", data: {text, causes}}  (see engine.js rank())
 *
 * The engine (engine.js and the libraries it imports) is fetched and the index built on the first
 * text to search, or on {type: "warm"}, which search-box.js sends when the search box is opened:
 * a page whose reader never searches loads none of it. Messages are answered in the order they
 * came. Whatever the text, the worker answers; a failure answers with no results and a console
 * warning.
 */
let index = null;
let engine = null;
let queue = Promise.resolve();

function ranking() {
  engine ??= import("./engine.js").then(({ SearchEngine }) => SearchEngine.fromIndex(index));
  return engine;
}

addEventListener("message", ({ data: message }) => {
  queue = queue.then(() => handle(message)).catch((error) => console.warn("search worker:", error));
});

async function handle(message) {
  switch (message.type) {
    case 0:
      index = message.data;
      engine = null;
      postMessage({ type: 1 });
      break;
    case "warm":
      if (index) ranking();
      break;
    case 2: {
      const text = String(message.data);
      const found = text.trim() ? await answer(async () => (await ranking()).search(text), { items: [] }) : { items: [] };
      postMessage({ type: 3, data: { ...found, query: message.data } });
      break;
    }
    case "rank": {
      const { text, limit } = message.data;
      postMessage({ type: "ranked", data: { text, causes: await answer(async () => (await ranking()).rank(text, { limit }), []) } });
      break;
    }
    default:
      console.warn("search worker: unknown message", message);
  }
}

async function answer(compute, empty) {
  try {
    return await compute();
  } catch (error) {
    console.warn("search: no answer for this text", error);
    return empty;
  }
}
