"""The serve command: the counter and back-office web app on this machine (careprint.web.app)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
import threading
import webbrowser
from pathlib import Path

from careprint.cli.common import _require_file
from careprint.errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(sub) -> argparse.ArgumentParser:
    """Add the serve command's parser."""
    p = sub.add_parser("serve", help="the counter and back-office web app, in this machine's browser")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; another needs --token)")
    p.add_argument("--token", help="with --host: a secret every request must carry (open /?token=TOKEN once)")
    p.add_argument("--no-browser", action="store_true", help="do not open the browser")
    p.add_argument("--batch-out", type=Path, default=Path("out/app"),
                   help="folder for uploaded patients' CSVs and their print files (default: out/app)")
    return p


def check_binding(host: str, token: str | None) -> None:
    """Refuse an address other than this machine's loopback unless a token guards it (at least 16 characters)."""
    if token is not None and len(token) < 16:
        raise UsageError("--token must be at least 16 characters (e.g. python -c 'import secrets; "
                         "print(secrets.token_urlsafe())')")
    if token is None and not _loopback(host):
        raise UsageError(f"--host {host} lets other machines reach patients' data; give --token too "
                         "(every request must then carry it)")


def _loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the app with uvicorn; open the browser at its address unless --no-browser."""
    import uvicorn  # only this command needs the web server

    from careprint.web.app import Settings, create_app

    check_binding(args.host, args.token)
    _require_file(args.clinic, "--clinic", "a clinic settings YAML file")
    settings = Settings(root=args.root, clinic=args.clinic, host=args.host, port=args.port, token=args.token,
                        batch_out=args.batch_out)
    app = create_app(settings)
    shown = "localhost" if _loopback(args.host) else args.host
    url = f"http://{shown}:{args.port}/" + (f"?token={args.token}" if args.token else "")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    print(f"careprint is at {url} (Ctrl-C stops it)", file=sys.stderr)
    config = uvicorn.Config(app, host=args.host, port=args.port, access_log=False, log_level="warning",
                            server_header=False, date_header=False)
    server = uvicorn.Server(config)
    if not args.no_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    server.run()
    return 0


def _open_when_up(server, url: str) -> None:
    """Open the browser once the server accepts connections."""
    import time

    for _ in range(100):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.1)
