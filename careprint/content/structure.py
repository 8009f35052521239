"""A handout's language-free structure (handout.yaml): block types, conditions, QR roles, and their checks."""

from __future__ import annotations

import datetime as dt
import re

from careprint.content import clinical, schema
from careprint.content.model import PICTOGRAMS, Clinic
from careprint.content.yamlio import LDict, LList
from careprint.errors import Collector, Where

SOURCE_LANG = "en"

BLOCK_KINDS = ("heading", "paragraph", "bullets", "steps", "warning", "emergency", "pictures", "qr", "columns")

LIST_KINDS = ("bullets", "steps")

# The strings a card prints: its layout is fixed (careprint/render/card.py).
CARD_KEYS = (
    "front.title", "front.form_pill", "front.form_injection", "front.name", "front.last_dose", "front.next_due",
    "front.phone", "front.contact", "front.cue", "back.title", "back.pain", "back.opioids", "back.risk",
    "back.qr_clinician",
)

# Placeholders content text may use, filled from the clinic settings: the emergency number, and the
# country's crisis line (only in blocks marked ``when: crisis_line``, since some countries have none known).
CONTENT_VALUES = ("number", "crisis")

# Conditions a block may carry (``when:``): it prints only where the clinic's country says yes.
CONDITIONS = ("good_samaritan", "naloxone_otc", "crisis_line")

def condition_holds(clinic: Clinic, name: str) -> bool:
    """True when a block marked ``when: name`` prints for this clinic (unknown counts as no)."""
    return {"good_samaritan": clinic.good_samaritan is True, "naloxone_otc": clinic.naloxone_otc is True,
            "crisis_line": clinic.crisis_line is not None}[name]

# The QR codes each kind of document carries (handout.yaml ``qr:``), by role.
QR_ROLES = {"handout": ("info", "emergency"), "card": ("clinician",)}

# A handout's short, stable web path (handout.yaml ``path:``): the companion site serves exactly these.
PATH_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

def check_structure(c: Collector, data: LDict, where: Where, handout_id: str, known: tuple[str, ...]) -> None:
    """Check a handout.yaml's values: id, kind, QR targets, sources, blocks."""
    if data["id"] != handout_id:
        c.add(f"expected {handout_id!r} (the folder name)", where.at("id", data.line_of("id")))
    if "max_pages" in data:
        schema.in_range(c, data, "max_pages", where, 1, 20, "a page count")
    if data["kind"] not in ("handout", "card"):
        c.add("expected handout or card", where.at("kind", data.line_of("kind")))
    if not PATH_RE.match(data["path"]):
        c.add(f"expected a short web path of a-z, 0-9 and single hyphens (such as overdose), found {data['path']!r}",
              where.at("path", data.line_of("path")))
    qr = data["qr"]
    roles = QR_ROLES.get(data["kind"], ())
    if schema.fields(c, qr, where.at("qr", data.line_of("qr")), dict.fromkeys(roles, str)):
        for role in roles:
            if role in qr and qr[role] not in known:
                c.add(f"unknown handout {qr[role]!r}; known: {', '.join(known)}", where.at(f"qr.{role}", qr.line_of(role)))
    for i, src in enumerate(data["sources"]):
        sw = where.at(f"sources[{i}]", data["sources"].lines[i])
        if schema.fields(c, src, sw, {"title": str, "publisher": str, "date": str, "url": str}):
            if isinstance(src.get("url"), str) and not src["url"].startswith("https://"):
                c.add("expected the https:// address where the source is published", sw.at(f"{sw.key}.url", src.line_of("url")))
    if clinical.RECORD in data:
        rw = where.at(clinical.RECORD, data.line_of(clinical.RECORD))
        schema.fields(c, data[clinical.RECORD], rw, {"by": str, "date": dt.date, "content": str})
    if "more" in data:  # web-only blocks: the companion site prints them after the rest; paper has no room
        more_where = where.at("more", data.line_of("more"))
        if not isinstance(data["more"], LList) or not data["more"]:
            c.add("expected a list of blocks (the companion site shows them after the printed ones)", more_where)
        else:
            _check_blocks(c, data["more"], more_where)
            if any(kind in ("qr", "columns") for kind, _ in _walk(data["more"])):
                c.add("web-only blocks take no 'qr' or 'columns' (a web page has one column)", more_where)
    if data["kind"] == "card":
        for key in ("blocks", "max_pages"):
            if key in data:
                message = "a card has a fixed layout: remove this key (see CONTRIBUTING.md, Card keys)"
                c.add(message, where.at(key, data.line_of(key)))
        return
    if "blocks" not in data:
        c.add("missing required key", where.at("blocks", 1))
        return
    blocks = data["blocks"]
    _check_blocks(c, blocks, where.at("blocks"))
    if sum(1 for kind, _ in _walk(blocks) if kind == "qr") != 1:
        c.add("every handout needs exactly one 'qr: codes' block", where.at("blocks", data.line_of("blocks")))

def block_entry(block: object) -> tuple[str, object, object] | None:
    """Return a block entry's (type, value, condition), or None unless it is one 'type: key' pair and an optional when."""
    if not isinstance(block, LDict):
        return None
    pairs = [(kind, value) for kind, value in block.items() if kind != "when"]
    return (*pairs[0], block.get("when")) if len(pairs) == 1 else None

def _check_blocks(c: Collector, blocks: LList, where: Where) -> None:
    """Check each block's type and value (columns hold lists of blocks)."""
    for i, block in enumerate(blocks):
        bw = where.at(f"{where.key}[{i}]", blocks.lines[i])
        entry = block_entry(block)
        if entry is None:
            c.add(f"expected one 'type: key' pair, with type one of: {', '.join(BLOCK_KINDS)} "
                  f"(and optionally when: {' or '.join(CONDITIONS)})", bw)
            continue
        kind, value, when = entry
        if when is not None and when not in CONDITIONS:
            c.add(f"unknown condition {when!r}; expected one of: {', '.join(CONDITIONS)}", bw.at(f"{bw.key}.when"))
        if kind not in BLOCK_KINDS:
            c.add(f"unknown block type {kind!r}; expected one of: {', '.join(BLOCK_KINDS)}", bw)
        elif kind == "warning":
            schema.fields(c, value, bw.at("warning"), {"title": str, "body": str})
        elif kind == "emergency":
            schema.fields(c, value, bw.at(f"{bw.key}.emergency"), {"title": str, "steps": str})
        elif kind == "pictures":
            _check_pictures(c, value, bw)
        elif kind == "columns":
            if not (isinstance(value, LList) and len(value) == 2 and all(isinstance(col, LList) for col in value)):
                c.add("expected two lists of blocks (left column, right column)", bw)
                continue
            for j, column in enumerate(value):
                _check_blocks(c, column, bw.at(f"{bw.key}.columns[{j}]"))
        elif kind == "qr" and value != "codes":
            c.add("expected 'qr: codes'", bw)
        elif kind != "qr" and not (isinstance(value, str) and schema.KEY_RE.match(value)):
            c.add("expected a string key such as intro or how.body", bw)

def _check_pictures(c: Collector, value: object, where: Where) -> None:
    """Check a pictures block: a list of {name: a known pictogram, caption: key}."""
    if not isinstance(value, LList) or not value:
        c.add("expected a list of {name: pictogram, caption: key}", where)
        return
    for j, item in enumerate(value):
        iw = where.at(f"{where.key}.pictures[{j}]", value.lines[j])
        if schema.fields(c, item, iw, {"name": str, "caption": str}) and item["name"] not in PICTOGRAMS:
            c.add(f"unknown pictogram {item['name']!r}; known: {', '.join(PICTOGRAMS)}", iw)

def _walk(blocks: LList, clinic: Clinic | None = None):
    """Yield (kind, value) for every block, descending into columns (with a clinic: only blocks that print)."""
    for block in blocks:
        entry = block_entry(block)
        if entry is None:
            continue
        kind, value, when = entry
        if clinic is not None and when in CONDITIONS and not condition_holds(clinic, when):
            continue
        if kind == "columns" and isinstance(value, LList):
            for column in value:
                if isinstance(column, LList):
                    yield from _walk(column, clinic)
        else:
            yield kind, value

def used_keys(structure: LDict, clinic: Clinic | None = None) -> dict[str, str]:
    """Return {string key: the block kind that uses it} in reading order (with a clinic: only keys that print)."""
    more = list(structure.get("more") or [])
    if structure["kind"] == "card":
        keys = dict.fromkeys(CARD_KEYS, "paragraph")
        blocks = more
    else:
        keys = {"title": "paragraph", "subtitle": "paragraph"}
        blocks = [*structure["blocks"], *more]
    for kind, value in _walk(blocks, clinic):
        if kind == "warning":
            keys[value["title"]] = "heading"
            keys[value["body"]] = "warning"
        elif kind == "emergency":
            keys[value["title"]] = "heading"
            keys[value["steps"]] = "steps"
        elif kind == "pictures":
            keys.update((item["caption"], "paragraph") for item in value)
        elif kind != "qr":
            keys[value] = kind
    return keys


def web_only_keys(structure: LDict) -> set[str]:
    """Return the keys only the companion site prints (handout.yaml ``more:``), never paper."""
    more = structure.get("more") or []
    printed = set() if structure["kind"] == "card" else set(used_keys({**structure, "more": []}))
    return set(used_keys({**structure, "kind": "handout", "blocks": more, "more": []})) - {"title", "subtitle"} - printed
