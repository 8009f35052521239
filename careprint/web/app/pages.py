"""HTML for the app's pages: the shell (navigation, staff language links) and small escaped helpers.

Every value reaches HTML through ``escape``. Pages load only ``/static/app.css`` and, on the
counter, ``/static/counter.js``: the CSP allows nothing else (no inline script or style).
"""

from __future__ import annotations

from html import escape

from careprint.web.app.labels import Labels

NAV = (("/", "nav_counter"), ("/batch", "nav_batch"), ("/status", "nav_status"))


def shell(labels: Labels, title: str, body: str, here: str, languages: dict[str, str], *,
          script: str | None = None, refresh_s: int | None = None) -> str:
    """Return a whole page in the staff language."""
    current, chosen = ' aria-current="page"', ' aria-current="true"'
    nav = "".join(f'<li><a href="{href}"{current if href == here else ""}>{escape(labels(key))}</a></li>'
                  for href, key in NAV)
    switch = "".join(f'<li><a href="/ui/{code}" lang="{code}" hreflang="{code}"'
                     f'{chosen if code == labels.lang else ""}>{escape(name)}</a></li>'
                     for code, name in languages.items())
    head_extra = f'<meta http-equiv="refresh" content="{refresh_s}">\n' if refresh_s else ""
    head_extra += f'<script src="/static/{script}" defer></script>\n' if script else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{labels.lang}" dir="{labels.direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · {escape(labels('app_name'))}</title>\n"
        f'<link rel="stylesheet" href="/static/app.css">\n{head_extra}</head>\n<body>\n'
        f'<a class="skip" href="#main">{escape(labels("skip"))}</a>\n'
        f'<header><nav aria-label="{escape(labels("app_name"))}"><ul class="nav">{nav}</ul></nav>\n'
        f'<nav aria-label="{escape(labels("nav_language"))}" class="ui-lang"><span>{escape(labels("nav_language"))}</span>'
        f'<ul>{switch}</ul></nav></header>\n'
        f'<main id="main">\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n'
    )


def hidden_csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(token)}">'


def table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    """Return a table of escaped cells, with a caption and column headers."""
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table><caption>{escape(caption)}</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'
