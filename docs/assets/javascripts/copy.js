/* backup-help: copying to the clipboard, for every copy button of the site: the "Link this in a
 * ticket" box of cause pages (ticket.js), the agents page (agents.js) and the troubleshooter's
 * "Copy link to this step" (troubleshooter.js).
 *
 * copy(text, source) tries, in order: the Clipboard API (where the page may use it: HTTPS and
 * localhost), then the older copy command (which also works on a plain-HTTP host, such as an
 * intranet mirror), and when neither may copy here, selects `source`, the element that shows the
 * text (a closed <details> around it is opened), so the reader copies it with Ctrl+C. It
 * resolves to "copied", "selected" (copy it by hand) or "failed" (no source to select).
 * press(button, ...) does that for a button and says how it went on the button for a while.
 */

export const FEEDBACK = 2000;  // ms a button says "Copied" or "Not copied"
export const BY_HAND = "Could not copy here: the text is selected, copy it with Ctrl+C (Command-C on a Mac).";

export async function copy(text, source = null) {
  if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return "copied";
    } catch {
      // not allowed here: the copy command below may be
    }
  }
  if (copyCommand(text)) return "copied";
  if (!source) return "failed";
  select(source);
  return "selected";
}

/** The copy command, on a hidden text area holding the text; focus goes back where it was. */
function copyCommand(text) {
  const focused = document.activeElement;
  const area = Object.assign(document.createElement("textarea"), { value: text, readOnly: true, className: "bh-clipboard" });
  area.setAttribute("aria-hidden", "true");
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch {
    done = false;
  }
  area.remove();
  if (focused) focused.focus({ preventScroll: true });
  return done;
}

/** Select what was to be copied, so the reader can copy it by hand. */
export function select(source) {
  const details = source.closest("details");
  if (details) details.open = true;
  const range = document.createRange();
  range.selectNodeContents(source);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}

/** Copy for a copy button: its label (its [data-label] element, else the button) says "Copied"
 * or "Not copied" for FEEDBACK ms. Resolves to what copy() did. */
export async function press(button, text, source = null) {
  const done = await copy(text, source);
  const label = button.querySelector("[data-label]") || button;
  label.dataset.text ??= label.textContent;
  label.textContent = done === "copied" ? "Copied" : "Not copied";
  clearTimeout(button.feedback);
  button.feedback = setTimeout(() => { label.textContent = label.dataset.text; }, FEEDBACK);
  return done;
}
