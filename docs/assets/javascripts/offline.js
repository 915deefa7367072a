/* backup-help: offline use, on every page (docs/overrides/main.html). Once the page has loaded
 * and the browser is idle, so that a first visit stays light, it registers the site's service
 * worker (sw.js at the site root, written by the build: macros/offline.py), which then keeps a
 * copy of the site in this browser in the background. A browser without service workers, or
 * that refuses them (some private windows), simply keeps using the network.
 */
const worker = new URL("../../sw.js", import.meta.url);  // this file is assets/javascripts/offline.js

function register() {
  navigator.serviceWorker.register(worker).catch((error) => console.warn("offline use is not available here:", error));
}

if ("serviceWorker" in navigator) {
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}
