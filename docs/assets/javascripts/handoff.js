/* backup-help: the hand-off to Apple Support, a plain-text summary of what was asked, answered
 * and tried, to paste into Apple's chat or a ticket so that the customer is not asked again. The
 * troubleshooter's last step ("Still failing? Contact Apple Support", troubleshooter.js) and the
 * agents page (agents.js) write it with summary(); every link in it is the canonical one.
 */

/**
 * The summary, as lines of plain text:
 * - messages: exact messages the customer sees, word for word;
 * - asked: [question, answer] pairs, as answered;
 * - causes: {title, where (labels), url, fix (the first fix's title), tried (true, false)} in
 *   the order looked at: a tried fix did not fix the backup;
 * - link: the address that shows the same steps again, if there is one.
 */
export function summary({ messages = [], asked = [], causes = [], link = "" }) {
  const lines = ["iPhone backup still fails: what was asked and tried so far", ""];
  const side = [...new Set(causes.flatMap((cause) => cause.where))];  // where the causes looked at back up
  if (side.length) lines.push(`Backs up to: ${side.join(" or ")}`);
  if (messages.length) lines.push(`Message on screen: ${messages.map((text) => `"${text}"`).join("; ")}`);
  if (asked.length) {
    lines.push("", "Questions answered:");
    for (const [question, answer] of asked) lines.push(`- ${question} ${answer}`);
  }
  if (causes.length) {
    lines.push("", "Causes looked at, with the first fix for each:");
    causes.forEach((cause, i) => {
      const outcome = cause.tried ? `tried "${cause.fix}": the backup still fails` : `not tried yet: "${cause.fix}"`;
      lines.push(`${i + 1}. ${cause.title} (${cause.where.join(", ")}): ${outcome}`, `   ${cause.url}`);
    });
  }
  if (link) lines.push("", `These answers and steps: ${link}`);
  return lines.join("\n");
}

