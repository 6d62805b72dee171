"""Thai first: every message the program can show has a Thai translation, with the same
{placeholders}, and the catalog has no duplicate entries."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "resources/th/locale/th/LC_MESSAGES/kongtun.po"
TRANSLATE_CALLS = {"_", "gettext"}


def _trees() -> list[ast.Module]:
    return [ast.parse(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "app").rglob("*.py"))]


def _error_classes(trees: list[ast.Module]) -> set[str]:
    names = {"KongtunError"}
    changed = True
    while changed:
        changed = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                             for b in node.bases}
                    if bases & names:
                        names.add(node.name)
                        changed = True
    return names


def _called_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")


def _first_str(args: list[ast.expr], index: int = 0) -> str | None:
    if len(args) > index and isinstance(args[index], ast.Constant):
        value = args[index].value
        return value if isinstance(value, str) else None
    return None


def message_ids() -> set[str]:
    trees = _trees()
    errors = _error_classes(trees)
    found: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _called_name(node)
                if name in TRANSLATE_CALLS or name in errors:
                    found.add(_first_str(node.args) or "")
                elif name == "_p":  # check.py's problems: (code, message_id, ...)
                    found.add(_first_str(node.args, 1) or "")
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                tname = target.id if isinstance(target, ast.Name) else ""
                if (tname == "message_id" or tname.startswith("MSG_")) and isinstance(
                        node.value, ast.Constant) and isinstance(node.value.value, str):
                    found.add(node.value.value)
    found.discard("")
    return found


def catalog() -> dict[str, str]:
    with PO.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_the_scanner_finds_messages() -> None:
    ids = message_ids()
    assert "The entry does not balance: debits {debit} and credits {credit} differ." in ids
    assert "Trial balance" in ids
    assert len(ids) > 60


def test_every_message_has_a_thai_translation() -> None:
    cat = catalog()
    missing = sorted(m for m in message_ids() if not cat.get(m))
    assert missing == [], f"add these to {PO.name}: {missing}"


def test_placeholders_survive_translation() -> None:
    bad = []
    for msgid, msgstr in catalog().items():
        if not msgstr:
            continue
        if sorted(re.findall(r"\{(\w*)\}", msgid)) != sorted(re.findall(r"\{(\w*)\}", msgstr)):
            bad.append(msgid)
    assert bad == []


def test_catalog_has_no_duplicate_ids() -> None:
    ids = re.findall(r'^msgid "(.+)"$', PO.read_text(encoding="utf-8"), flags=re.M)
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert dupes == []


def test_babel_compiles_the_catalog_without_errors() -> None:
    # `make` compiles the .po with Babel; a msgid Babel takes for a %-format ("% of …")
    # whose Thai lacks the same placeholders is an error there, not here.
    from babel.messages.pofile import read_po

    from app.i18n import LOCALE_DIR

    with open(LOCALE_DIR / "th" / "LC_MESSAGES" / "kongtun.po", "rb") as f:
        catalog = read_po(f)
    assert [(m.id, str(e)) for m, errors in catalog.check() for e in errors] == []
