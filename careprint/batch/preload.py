"""Imported by the batch's fork server: register the fonts the batch's languages use, once, before workers fork.

A CJK face parsed by ReportLab holds tens of megabytes of tables. Parsed here, every worker
forked from the server shares those pages instead of parsing its own copy. The runner names
the families in CAREPRINT_PRELOAD_FONTS before it starts the server.
"""

from __future__ import annotations

import os

from careprint.errors import CareprintError
from careprint.text import fonts

for _name in filter(None, os.environ.get("CAREPRINT_PRELOAD_FONTS", "").split(",")):
    try:
        _family = fonts.family(_name)
        _family.face(False, False)
        _family.face(True, False)
    except CareprintError:
        pass  # only a saving: the worker that needs this family meets the same error and reports it by row
