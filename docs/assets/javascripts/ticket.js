/* backup-help: the copy buttons of a cause page's "Link this in a ticket" box
 * (macros/templates/ticket.html.j2): each copies its data-bh-copy text with copy.js, says
 * "Copied" for a moment, and the box's live region says what was copied, or, where the page may
 * not copy, that the text is selected for Ctrl+C.
 */
import { BY_HAND, press } from "./copy.js";

for (const box of document.querySelectorAll("[data-bh-ticket]")) {
  const announcer = box.querySelector("[data-bh-ticket-announce]");
  box.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-bh-copy]");
    if (!button) return;
    const source = button.dataset.bhCopySource ? box.querySelector(button.dataset.bhCopySource) : null;
    const done = await press(button, button.dataset.bhCopy, source);
    const what = button.dataset.bhCopyWhat;
    announcer.textContent = "";
    setTimeout(() => {  // a new text: read again when repeated
      announcer.textContent = done === "copied" ? `${what} copied.` : done === "selected" ? BY_HAND : `${what} could not be copied here.`;
    }, 50);
  });
}
