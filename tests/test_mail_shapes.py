"""An exact error message in a customer's email is found whatever shape mail gave it: quoted in a
reply and wrapped across quoted lines (at any word), quoted twice, with a soft hyphen or a
zero-width space from an HTML email inside, pasted as the HTML source or as quoted-printable
text, below a forwarded message's headers and above a signature. Its cause comes first and the
message is called out, in the engine (every message, every shape, every place it is split) and on
the agents page itself (a sample)."""

from __future__ import annotations

import pytest

from agentspage import CLIPBOARD, AgentsPage
from conftest import message_owners
from macros.text import message_key

pytestmark = pytest.mark.browser


def _wrapped(words: list[str], at: int, marker: str) -> str:
    return f"{marker}{' '.join(words[:at])}\n{marker}{' '.join(words[at:])}"


def shapes(message: str) -> dict[str, str]:
    """The emails that carry `message`, by the name of their shape."""
    words = message.split()
    out = {}
    for at in sorted({1, len(words) // 2, len(words) - 1} - {0, len(words)}):
        before = f"Thanks for getting back to me.\n\nOn Mon, 1 Dec 2026 at 09:12, Sam Rivera <sam@example.org> wrote:\n"
        out[f"quoted reply, wrapped after word {at}"] = (
            before + f"> Every night the phone tells me this:\n{_wrapped(words, at, '> ')}\n> \n> Kind regards,\n> Sam\n")
        out[f"quoted twice, wrapped after word {at}"] = (
            "Still the same here.\n\n> On 30 Nov, support wrote:\n> > Could you tell us what it says?\n"
            + _wrapped(words, at, "> > ") + "\n")
        out[f"quoted-printable, soft break after word {at}"] = (
            "It says =E2=80=9C" + " ".join(words[:at]) + " =\n" + " ".join(words[at:]) + "=E2=80=9D every time.=\n\n")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    if len(words[longest]) > 3:
        soft = words[:longest] + [words[longest][:2] + "\u00ad" + words[longest][2:]] + words[longest + 1:]
        out["soft hyphen inside a word"] = "My phone shows: " + " ".join(soft)
    if len(words) > 1:
        out["zero-width space between words"] = "The message: " + "\u200b ".join(words)
    out["HTML source"] = ("<div dir=\"ltr\"><div>Hi,</div><div><br></div><div>it says&nbsp;&ldquo;"
                          + "&nbsp;".join(w.replace("&", "&amp;").replace("'", "&#39;") for w in words)
                          + "&rdquo;</div><div><br></div><div>Thanks</div></div>")
    out["forwarded, with a signature"] = (
        "FYI, see my wife's message below.\n\n---------- Forwarded message ---------\nFrom: Ana <ana@example.org>\n"
        "Date: Sun, 30 Nov 2026 at 21:40\nSubject: iPhone\nTo: <help@example.org>\n\n"
        f"Every time I try it shows {message}\n\n-- \nAna\nSent from my iPhone\n")
    return out


RANK_IN_PAGE = """async (texts) => {
  const root = new URL(".", document.baseURI);
  const { SearchEngine } = await import(new URL("assets/javascripts/search/engine.js", root));
  const engine = await SearchEngine.open(root);
  const out = [];
  for (const text of texts) out.push((await engine.rank(text, { limit: 3 })).map((r) => [r.id, r.messages]));
  return out;
}"""


def test_every_message_is_found_in_every_shape_of_mail(new_page, server, kb, figures):
    owners = message_owners(kb, key=message_key)
    cases = [(text, shape, email) for text in {m.text for c in kb.causes.values() for m in c.error_messages}
             for shape, email in shapes(text).items()]
    assert len(cases) > 80
    page = new_page()
    page.goto(server)
    ranked = page.evaluate(RANK_IN_PAGE, [email for _, _, email in cases])
    wrong = []
    for (text, shape, _), found in zip(cases, ranked):
        first, messages = (found[0] if found else (None, []))
        if first not in owners[message_key(text)] or message_key(text) not in map(message_key, messages):
            wrong.append(f"{text!r} ({shape}): first {first}, messages found {messages}")
    figures.append(f"mail shapes: {len(cases)} emails, an exact message found and its cause first in "
                   f"{len(cases) - len(wrong)}")
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("shape", ["quoted reply, wrapped after word 3", "HTML source", "soft hyphen inside a word"])
def test_the_agents_page_calls_out_a_message_in_a_quoted_wrapped_email(browser, server, kb, shape):
    text = "The last backup could not be completed."
    assert any(m.text == text for c in kb.causes.values() for m in c.error_messages)
    context = browser.new_context(permissions=CLIPBOARD)
    try:
        answer = AgentsPage(context.new_page(), server).open().paste(shapes(text)[shape])
        owners = message_owners(kb, key=message_key)[message_key(text)]
        assert answer.causes[0] in owners, answer
        assert "Exact message found" in answer.status and message_key(text) in message_key(answer.cards[0].found)
    finally:
        context.close()
