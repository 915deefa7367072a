/* backup-help: the address of a troubleshooter step, the URL fragment agents paste into tickets.
 * Written here for troubleshooter.js, and by macros/troubleshooter.py step_address() for the
 * tests and `make urls`; both are tested against tests/data/step-addresses.json.
 *
 *   #start                                  the first question
 *   #path=q1:a1/q2:a2                       answer a1 to question q1, then a2 to q2 (ids)
 *   ...&cause=<cause id>                    on a result: the likely cause shown
 *   ...&outcome=fixed | ...&outcome=support  "Did this fix it?": Yes (with &cause), or No on the last cause
 */

/** The address of the step reached by `steps` ([question id, answer id] pairs from the start),
 * showing `cause` (or none) with `outcome` ("", "fixed" or "support"). */
export function address(steps, cause = null, outcome = "") {
  if (!steps.length) return "#start";
  const path = steps.map(([question, answer]) => `${question}:${answer}`).join("/");
  return `#path=${path}${cause ? `&cause=${cause}` : ""}${outcome ? `&outcome=${outcome}` : ""}`;
}
