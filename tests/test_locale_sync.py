"""Issue 15, new English keys: ``locale sync`` adds them to translations and removes retired ones only when
confirmed; and a stale key says what changed (a list names its item), as a word diff of the English.
"""

from __future__ import annotations

import io
import json
import sys

from test_translating import _edit, _line, _run

from careprint.content import yamlio

OVERDOSE = "handouts/overdose-risk"
NEW_KEY = ("  # A short extra paragraph under why.title; about 200 characters.\n"
           '  why.more: "Start again at a low dose only with your care team."\n')


def _english_changes(content) -> None:
    """English gains why.more (after why.body) and retires tell.where."""
    en = content / OVERDOSE / "en.yaml"
    text = en.read_text(encoding="utf-8")
    body = next(line for line in text.splitlines(keepends=True) if line.startswith("  why.body:"))
    text = text.replace(body, body + NEW_KEY)
    en.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("  tell.where:")),
                  encoding="utf-8")
    _edit(content / OVERDOSE / "handout.yaml", "{paragraph: why.body}]", "{paragraph: why.body}, {paragraph: why.more}]")
    _edit(content / OVERDOSE / "handout.yaml", ", {paragraph: tell.where}]", "]")


def _no_terminal(monkeypatch, answer: str | None = None) -> None:
    """Stand in for stdin: no terminal, or a terminal where the user types ``answer``."""
    stdin = io.StringIO()
    stdin.isatty = lambda: answer is not None
    monkeypatch.setattr(sys, "stdin", stdin)
    if answer is not None:
        monkeypatch.setattr("builtins.input", lambda prompt: answer)


def test_i15_sync_adds_a_new_english_key_with_its_comments_and_keeps_a_retired_one_unasked(content, capsys, monkeypatch):
    root = ["--root", str(content)]
    assert _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", *root)[0] == 0
    path = content / OVERDOSE / "so.yaml"
    _edit(path, "  why.title: null", '  # my own note\n  why.title: "Sababta"')
    before = path.read_text(encoding="utf-8")
    _english_changes(content)
    _no_terminal(monkeypatch)
    code, out, err = _run(capsys, "locale", "sync", "so", *root)
    assert code == 1
    assert f"{OVERDOSE}/so.yaml: added why.more (null: not translated yet)" in out
    assert err.splitlines() == [
        f"{OVERDOSE}/so.yaml:{_line(path, 'tell.where:')}: tell.where [so]: retired: no longer in the English (en.yaml)",
        "kept 1 retired key; to remove them: python generate.py locale sync so --yes"]
    body = next(line for line in before.splitlines(keepends=True) if line.startswith("  why.body:"))
    # The authors' guessed length is left out, as in a scaffold: the file's measured Room line replaces it.
    block = ("  # A short extra paragraph under why.title.\n  # Prints as a paragraph.\n"
             "  # English: Start again at a low dose only with your care team.\n  why.more: null\n")
    assert path.read_text(encoding="utf-8") == before.replace(body, body + block)  # every other byte kept
    assert yamlio.load(path, "so")["strings"]["why.more"] is None


def test_i15_sync_removes_a_retired_key_when_confirmed(content, capsys, monkeypatch):
    root = ["--root", str(content)]
    assert _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", *root)[0] == 0
    path = content / OVERDOSE / "so.yaml"
    _edit(path, "  tell.where: null", '  tell.where: "Naloxone-kaygu wuxuu yaal: ____"')
    _edit(path, "  tell.title: null", '  tell.title: "U sheeg qoyskaaga"')
    assert _run(capsys, "locale", "update", "so", "tell.where", "tell.title", "--handout", "overdose-risk", *root)[0] == 0
    _english_changes(content)
    _no_terminal(monkeypatch, answer="n")  # at a terminal, the user says no: kept
    assert _run(capsys, "locale", "sync", "so", *root)[0] == 0
    assert "tell.where" in yamlio.load(path, "so")["strings"]
    before = path.read_text(encoding="utf-8")
    _no_terminal(monkeypatch, answer="y")
    code, out, _ = _run(capsys, "locale", "sync", "so", *root)
    assert code == 0 and f"{OVERDOSE}/so.yaml: removed tell.where (retired from the English)" in out
    lines = before.splitlines(keepends=True)
    key = next(i for i, line in enumerate(lines) if line.startswith("  tell.where:"))
    start = key
    while lines[start - 1].startswith("  #"):
        start -= 1
    made = [i for i, line in enumerate(lines) if line.startswith("  tell.where:")][1]
    expected = "".join(line for i, line in enumerate(lines) if not (start <= i <= key or i == made))
    assert path.read_text(encoding="utf-8") == expected  # the key, its comments and its made_from entry; nothing else
    data = yamlio.load(path, "so")
    assert "tell.where" not in data["strings"] and list(data["made_from"]) == ["tell.title"]


def test_i15_sync_all_with_yes_reaches_every_locale(content, capsys, monkeypatch):
    _english_changes(content)
    _no_terminal(monkeypatch)
    code, out, _ = _run(capsys, "locale", "sync", "--all", "--yes", "--root", str(content))
    assert code == 0
    es = content / OVERDOSE / "es.yaml"
    assert f"{OVERDOSE}/es.yaml: added why.more (null: not translated yet)" in out
    data = yamlio.load(es, "es")
    assert list(data["strings"]).index("why.more") == list(data["strings"]).index("why.body") + 1
    assert "tell.where" not in data["strings"]


def test_i15_stale_list_item_names_the_item_and_shows_a_word_diff(content, capsys):
    root = ["--root", str(content)]
    assert _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", *root)[0] == 0
    path = content / OVERDOSE / "so.yaml"
    english = yamlio.load(content / OVERDOSE / "en.yaml")["strings"]["signs.list"]
    items = "".join(f"    # English: {item}\n    - {json.dumps(f'Calaamad {i}')}\n" for i, item in enumerate(english))
    text = path.read_text(encoding="utf-8")
    start = text.index("  signs.list:\n") + len("  signs.list:\n")
    end = text.index("\n  #", start) + 1
    path.write_text(text[:start] + items + text[end:], encoding="utf-8")
    assert _run(capsys, "locale", "update", "so", "signs.list", "--handout", "overdose-risk", *root)[0] == 0
    _edit(content / OVERDOSE / "en.yaml", '"Blue or gray lips or fingertips"', '"Blue or gray lips, nails or fingertips"')
    code, _, err = _run(capsys, "check", "--lang", "so", "--no-render", *root)
    line = _line(path, '- "Calaamad 1"')
    en_line = yamlio.load(content / OVERDOSE / "en.yaml")["strings"].line_of("signs.list")
    assert (f"{OVERDOSE}/so.yaml:{line}: signs.list[1] [so]: warning: stale: this item's English changed since it "
            'was translated, and now reads: "Blue or gray lips, nails or fingertips"; what changed (the before from '
            "the file's # English: comment): … gray lips[+, nails+] or fingertips; compare it with "
            f"en.yaml:{en_line}, update it if needed, then run: python generate.py locale update so signs.list "
            "--handout overdose-risk") in err, err
    assert "signs.list[0]" not in err and "signs.list [so]: warning: stale" not in err  # only the item that changed


def test_i15_stale_string_shows_the_english_before_and_after_as_a_word_diff(content, capsys):
    root = ["--root", str(content)]
    assert _run(capsys, "locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", *root)[0] == 0
    path = content / "handouts/naltrexone-card/so.yaml"
    _edit(path, "  front.cue: null", '  front.cue: "Ma i toosin kartid? Sii naloxone. Wac {number}."')
    assert _run(capsys, "locale", "update", "so", "front.cue", *root)[0] == 0
    _edit(content / "handouts/naltrexone-card/en.yaml", "Give naloxone.", "Give naloxone if you have it.")
    code, _, err = _run(capsys, "check", "--lang", "so", "--no-render", *root)
    assert ("front.cue [so]: warning: stale: the English text changed since this was translated, and now reads: "
            "\"Can't wake me? Give naloxone if you have it. Call {number}.\"; what changed (the before from the "
            "file's # English: comment): … Give naloxone [+if you have it+]. Call …; compare it with en.yaml:") in err
