"""XLIFF 1.2 for CAT tools (Trados, memoQ, Phrase, Okapi), with the standard library's ElementTree.

One ``<file>`` per YAML file (``original`` is its path), one ``<trans-unit>``
per unit (``id`` and ``resname`` are the unit id). Inline markup is protected
as XLIFF inline codes, so a CAT tool shows tags the translator cannot break:
``<b>`` ``<i>`` ``<keep>`` become ``<g ctype="bold|italic|x-keep">``, a
``{placeholder}`` a ``<ph ctype="x-placeholder">{number}</ph>``. Target
``state``: ``new`` (untranslated), ``translated``,
``needs-review-translation`` (the English changed), ``signed-off`` (the file
is reviewed). ``maxwidth`` is not written: budgets are measured estimates,
and CAT tools enforce ``maxwidth`` as a hard limit; the budget is a note.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from xml.parsers import expat

from careprint.errors import ContentError, ErrorList, Where
from careprint.translate.interchange import (
    REVIEWED,
    STALE,
    UNTRANSLATED,
    Incoming,
    Unit,
    exported_hash,
    same_language,
    state_note,
)

NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_STATES = {UNTRANSLATED: "new", STALE: "needs-review-translation", REVIEWED: "signed-off"}
_UNCONFIRMED = {"new", "needs-translation", "needs-review-translation", "needs-adaptation", "needs-l10n",
                "needs-review-adaptation", "needs-review-l10n"}
_CTYPES = {"b": "bold", "i": "italic", "keep": "x-keep"}
_TAGS = {v: k for k, v in _CTYPES.items()}
_TOKEN = re.compile(r"<(/?)(b|i|keep)>|\{\{|\}\}|\{[a-z_][a-z0-9_]*\}")
MAX_BYTES = 20_000_000


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def write(units: list[Unit], lang: str, root: Path) -> str:
    """Return the XLIFF 1.2 document of a language's units."""
    ET.register_namespace("", NS)
    doc = ET.Element(_q("xliff"), {"version": "1.2"})
    files: dict[Path, ET.Element] = {}
    for unit in units:
        if unit.path not in files:
            file = ET.SubElement(doc, _q("file"), {"original": unit.reference(root), "source-language": "en",
                                                    "target-language": lang, "datatype": "plaintext"})
            header = ET.SubElement(file, _q("header"))
            ET.SubElement(header, _q("tool"), {"tool-id": "careprint", "tool-name": "careprint locale export"})
            files[unit.path] = ET.SubElement(file, _q("body"))
        files[unit.path].append(_unit(unit, root))
    _indent(doc, 0)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(doc, encoding="unicode") + "\n"


def _unit(unit: Unit, root: Path) -> ET.Element:
    tu = ET.Element(_q("trans-unit"), {"id": unit.id, "resname": unit.id, _XML_SPACE: "preserve",
                                       "approved": "yes" if unit.state == REVIEWED else "no"})
    source = ET.SubElement(tu, _q("source"))
    ids = _inline(source, unit.source, {})
    target = ET.SubElement(tu, _q("target"), {"state": _STATES.get(unit.state, "translated")})
    if unit.target is not None:
        _inline(target, unit.target, ids)
    group = ET.SubElement(tu, _q("context-group"), {"purpose": "location"})
    ET.SubElement(group, _q("context"), {"context-type": "sourcefile"}).text = unit.reference(root)
    ET.SubElement(group, _q("context"), {"context-type": "linenumber"}).text = str(unit.line)
    for note in unit.notes:
        ET.SubElement(tu, _q("note"), {"from": "author"}).text = note
    ET.SubElement(tu, _q("note"), {"from": "careprint"}).text = f"Prints as {unit.prints_as}."
    if unit.budget:
        ET.SubElement(tu, _q("note"), {"from": "careprint"}).text = f"Length: {unit.budget}"
    ET.SubElement(tu, _q("note"), {"from": "careprint"}).text = state_note(unit)
    if unit.previous:
        ET.SubElement(tu, _q("note"), {"from": "careprint"}).text = f"Translated from the earlier English: {unit.previous}"
    return tu


def _inline(parent: ET.Element, text: str, source_ids: dict) -> dict:
    """Fill an element with text and inline codes; return {(token, occurrence): id} so the target reuses the ids.

    Tags that do not nest (a content error check reports) become plain ``<ph>`` codes, so the text still
    comes back exactly as it went out.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text) if m.group() not in ("{{", "}}")]
    paired = _nests([t for _, _, t in tokens])
    ids, seen, stack, pos = dict(source_ids), Counter(), [parent], 0
    next_id = max((int(i) for i in source_ids.values()), default=0) + 1
    for start, end, token in tokens:
        _add_text(stack[-1], text[pos:start])
        pos = end
        name = token.strip("</>")
        if paired and token.startswith("</"):
            stack.pop()
            continue
        seen[token] += 1
        key = (token, seen[token])
        if key not in ids:
            ids[key], next_id = str(next_id), next_id + 1
        if paired and token.startswith("<"):
            stack.append(ET.SubElement(stack[-1], _q("g"), {"id": ids[key], "ctype": _CTYPES[name]}))
        else:
            ctype = "x-placeholder" if token.startswith("{") else "x-tag"
            ET.SubElement(stack[-1], _q("ph"), {"id": ids[key], "ctype": ctype}).text = token
    _add_text(stack[-1], text[pos:])
    return ids


def _nests(tokens: list[str]) -> bool:
    stack = []
    for token in tokens:
        if token.startswith("</"):
            if not stack or stack.pop() != token[2:-1]:
                return False
        elif token.startswith("<"):
            stack.append(token[1:-1])
    return not stack


def _add_text(element: ET.Element, text: str) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _indent(element: ET.Element, level: int) -> None:
    """Indent the structure (never inside source, target or note, where every space is text)."""
    if local(element.tag) in ("source", "target", "note", "context") or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read(path: Path, lang: str) -> list[Incoming]:
    """Validate an XLIFF 1.2 file and read its trans-units as incoming units; raise every problem found, by line."""
    root, lines = _parse(path, lang)
    problems: list[ContentError] = []

    def problem(message: str, element: ET.Element) -> None:
        problems.append(ContentError(message, Where(path, lines.get(element), None, lang)))

    if root.tag != _q("xliff"):
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "no namespace"
        found = f"<{local(root.tag)}> in {ns}"
        raise ContentError(f"expected an XLIFF 1.2 document (<xliff> in the namespace {NS}), found {found}",
                           Where(path, lines.get(root), None, lang))
    if root.get("version") != "1.2":
        problem(f"expected <xliff version=\"1.2\">, found version {root.get('version')!r}", root)
    files = root.findall(_q("file"))
    if not files:
        problem("expected at least one <file> element", root)
    out = []
    for file in files:
        for name in ("original", "source-language", "target-language", "datatype"):
            if not file.get(name):
                problem(f"<file> has no {name} attribute (required)", file)
        if file.get("source-language", "en").lower() != "en":
            problem(f"expected source-language=\"en\" (careprint's source), found {file.get('source-language')!r}", file)
        target_language = file.get("target-language", lang).replace("_", "-")
        if not same_language(target_language, lang):
            problem(f"this file is for {target_language!r} (target-language), not {lang!r}", file)
        body = file.find(_q("body"))
        if body is None:
            problem("<file> has no <body> (required)", file)
            continue
        for tu in body.iter(_q("trans-unit")):
            try:
                out.append(_incoming(tu, lines, path, lang))
            except ContentError as exc:
                problems.append(exc)
    if problems:
        raise ErrorList(problems) if len(problems) > 1 else problems[0]
    return out


def _incoming(tu: ET.Element, lines: dict, path: Path, lang: str) -> Incoming:
    where = Where(path, lines.get(tu), tu.get("id"), lang)
    source = tu.find(_q("source"))
    if not tu.get("id"):
        raise ContentError("<trans-unit> has no id attribute (required)", where)
    if source is None:
        raise ContentError("<trans-unit> has no <source> (required)", where)
    codes = {el.get("id"): (_TAGS.get(el.get("ctype")) if local(el.tag) == "g" else "".join(el.itertext()))
             for el in source.iter() if el is not source}
    target = tu.find(_q("target"))
    text = None if target is None else _text_of(target, codes, lines, where)
    state = None if target is None else target.get("state")
    notes = " ".join("".join(note.itertext()) for note in tu.iter(_q("note")))
    return Incoming(tu.get("id"), _text_of(source, codes, lines, where), text, state not in _UNCONFIRMED, lines.get(tu),
                    exported_hash(notes))


def _text_of(element: ET.Element, codes: dict, lines: dict, where: Where) -> str:
    """Turn an element's text and inline codes back into careprint text."""
    out = [element.text or ""]
    for child in element:
        kind = local(child.tag)
        if kind == "g":
            name = _TAGS.get(child.get("ctype")) or codes.get(child.get("id"))
            if name not in _CTYPES:
                raise ContentError(f"unknown inline code <g id={child.get('id')!r} ctype={child.get('ctype')!r}>: "
                                   "expected bold, italic or x-keep, or the id of a <g> in the source",
                                   where.at(line=lines.get(child)))
            out.append(f"<{name}>{_text_of(child, codes, lines, where)}</{name}>")
        elif kind in ("ph", "bpt", "ept", "it", "x"):
            native = "".join(child.itertext()) or codes.get(child.get("id"))
            if not native:
                raise ContentError(f"inline code <{kind} id={child.get('id')!r}> matches no code in the source",
                                   where.at(line=lines.get(child)))
            out.append(native)
        elif kind == "mrk":  # a CAT tool's marker (segment, term): its text is ours
            out.append(_text_of(child, codes, lines, where))
        else:
            raise ContentError(f"unexpected <{kind}> inside <{local(element.tag)}>", where.at(line=lines.get(child)))
        out.append(child.tail or "")
    return "".join(out)


def _parse(path: Path, lang: str) -> tuple[ET.Element, dict]:
    """Parse with expat, keeping each element's line; refuse a DOCTYPE (no entities, no outside files)."""
    where = Where(path, None, None, lang)
    with path.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ContentError(f"file is larger than {MAX_BYTES:,} bytes", where)
    builder, lines = ET.TreeBuilder(), {}
    parser = expat.ParserCreate(namespace_separator="}")

    def name(raw: str) -> str:
        return "{" + raw if "}" in raw else raw

    def start(tag, attrs):
        lines[builder.start(name(tag), {name(k): v for k, v in attrs.items()})] = parser.CurrentLineNumber

    def doctype(*_):
        raise ContentError("a DOCTYPE is not allowed in an XLIFF file", where.at(line=parser.CurrentLineNumber))

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(name(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ContentError(f"not well-formed XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})",
                           where.at(line=exc.lineno)) from None
    return builder.close(), lines
