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
 * Whatever the text, the worker answers; a failure answers with no results and a console warning.
 */
const engineModule = import("./engine.js");
let engine = null;

addEventListener("message", async ({ data: message }) => {
  const { SearchEngine } = await engineModule;
  switch (message.type) {
    case 0:
      engine = SearchEngine.fromIndex(message.data);
      postMessage({ type: 1 });
      break;
    case 2:
      postMessage({ type: 3, data: { ...answer(() => engine.search(message.data), { items: [] }), query: message.data } });
      break;
    case "rank":
      postMessage({ type: "ranked", data: { text: message.data.text, causes: answer(() => engine.rank(message.data.text, message.data), []) } });
      break;
    default:
      console.warn("search worker: unknown message", message);
  }
});

function answer(compute, empty) {
  try {
    return compute();
  } catch (error) {
    console.warn("search: no answer for this text", error);
    return empty;
  }
}
