"""What every handler shares: the settings, the loaded project and clinic, the CSRF token, the batches."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request

from careprint.content.model import Clinic
from careprint.content.project import Project
from careprint.web.app import labels


@dataclass(frozen=True)
class Settings:
    """How the app runs: the content root, the clinic file, the address, the token, where batches go."""

    root: Path | None = None
    clinic: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    batch_out: Path = Path("out/app")  # uploaded patients' CSVs and their print files, one folder per batch
    batch_jobs: int = 1  # worker processes per batch (the app's own process stays free for the counter)
    allowed_hosts: tuple[str, ...] = ()  # more Host names to answer to (the machine's name, with --host)


@dataclass
class Context:
    settings: Settings
    project: Project
    clinic: Clinic
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    batches: dict = field(default_factory=dict)

    @property
    def staff_languages(self) -> dict[str, str]:
        return labels.languages(self.project.root)


def context(request: Request) -> Context:
    return request.app.state.careprint


def staff_labels(request: Request) -> labels.Labels:
    """Return the labels in the staff language this browser chose (cookie) or prefers (Accept-Language)."""
    root = context(request).project.root
    lang = labels.choose(root, request.cookies.get(labels.COOKIE), request.headers.get("accept-language", ""))
    return labels.load(root, lang)
