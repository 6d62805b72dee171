"""Language of the user interface: Thai by default, English selectable.

Code carries English message ids wrapped in `_()`; the Thai catalog in
`resources/th/locale/th/LC_MESSAGES/kongtun.po` (compiled to `.mo` by
`make` through Babel) supplies the Thai text. English is the identity.
If the compiled `.mo` is missing (a fresh checkout before `make`), the `.po`
is read directly so the program is never left without Thai.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

LANGUAGES = ("th", "en")
DOMAIN = "kongtun"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "th" / "locale"

_language = "th"
_catalog: dict[str, str] | None = None


def _load_catalog(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return dict(_gettext.GNUTranslations(fh)._catalog)  # type: ignore[attr-defined]
    if po.exists():
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            cat = read_po(fh)
        return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string}
    return {}


def set_language(lang: str) -> None:
    """Choose the language of every message from now on ('th' or 'en')."""
    global _language, _catalog
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _language = lang
    _catalog = None


def get_language() -> str:
    return _language


def gettext(message_id: str) -> str:
    """The message in the current language (the id itself when untranslated)."""
    global _catalog
    if _catalog is None:
        _catalog = _load_catalog(_language)
    return _catalog.get(message_id) or message_id


_ = gettext

# KONGTUN_LANG lets scripts and tests pick the language without a flag.
if os.environ.get("KONGTUN_LANG") in LANGUAGES:
    set_language(os.environ["KONGTUN_LANG"])
