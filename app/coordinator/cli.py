"""`kongtun coordinator ...`: the command-line half of the coordinator (see app.cli).

import: one line per file on stdout (imported, or flagged with the reason) and one line
per refused file on stderr; exit 0 when all were imported, 1 when some were flagged
(kept, but their history differs), 2 when some were refused (bad input: untouched book).
report: writes the consolidated report, exit 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.i18n import gettext as _

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def run_coordinator(args: argparse.Namespace,
                    read_passphrase: Callable[[Path | None], str | None]) -> int:
    from app.coordinator.db import open_network

    if args.coordinator_action == "import":
        phrase = read_passphrase(args.passphrase_file)
        with open_network(args.network) as book:
            return _import(book, args.files, phrase)
    from app.thai import parse_month

    month = parse_month(args.month) if args.month else None
    from app.coordinator.report import write_consolidated

    with open_network(args.network) as book:
        write_consolidated(book, args.out, month=month)
    print(_("Wrote {path}.").format(path=args.out))
    return EXIT_OK


def _import(book, files: list[Path], phrase: str | None) -> int:  # noqa: ANN001 - NetworkBook
    from app.coordinator.service import import_backups

    results = import_backups(book, files, passphrase=phrase)
    for r in results:
        if r.status == "refused":
            print(f"kongtun: {r.message}", file=sys.stderr)
        else:
            print(r.message)
    statuses = {r.status for r in results}
    if "refused" in statuses:
        return EXIT_USAGE
    return EXIT_PROBLEMS if "flagged" in statuses else EXIT_OK
