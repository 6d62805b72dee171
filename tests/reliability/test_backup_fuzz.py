"""A thousand mutated backup files thrown at `verify`: none crashes with anything but a
KongtunError, none is accepted.

Most mutations (flipped, cut, inserted bytes) are caught by the whole-file checksum;
a share of them is "resealed" (the checksum recomputed after the damage, as a crafted
file would be) so the deeper checks are exercised too: the zip's structure, the
members' checksums, decompression, decryption, the manifest's own sanity.
"""

from __future__ import annotations

import io
import json
import random
import time
import zipfile
from pathlib import Path

import pytest

from app.db import open_fund
from app.errors import KongtunError
from app.services import backup_format as fmt
from app.services.backup import create_backup, verify_backup
from app.services.demo import build_demo

MUTANTS = 1000
TAIL = fmt.EOCD.size + fmt.COMMENT_LEN


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("fuzz")
    build_demo(folder / "a.kongtun", members=10, years=1, seed=7)
    out = {}
    with open_fund(folder / "a.kongtun", lock=False) as db:
        for name, phrase in (("plain", None), ("encrypted", "ลับมาก")):
            out[name] = create_backup(db, folder / f"{name}.kongtun-backup",
                                      passphrase=phrase).path.read_bytes()
    return out


def _unsealed(data: bytes) -> tuple[bytes, bytes]:
    """The body (members + central directory) and the end record without our comment."""
    eocd = bytearray(data[-TAIL:-fmt.COMMENT_LEN])
    eocd[-2:] = b"\x00\x00"
    return data[:-TAIL], bytes(eocd)


def _reseal(body: bytes, eocd: bytes, path: Path) -> None:
    path.write_bytes(body + eocd)
    try:
        fmt.seal(path)
    except (OSError, Exception):  # a cut so deep there is no end record left: leave as is
        path.write_bytes(body + eocd)


def _mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(("flip", "flip", "truncate", "insert", "delete", "zero"))
    i = rng.randrange(len(data))
    if kind == "flip":
        return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
    if kind == "truncate":
        return data[:i]
    if kind == "insert":
        return data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i:]
    if kind == "delete":
        return data[:i] + data[i + rng.randint(1, 64):]
    return data[:i] + b"\x00" * rng.randint(1, 64) + data[i + 64:]


def _replace_entry(data: bytes, other: bytes, rng: random.Random) -> bytes:
    """Rebuild the zip with one member replaced: random bytes, the other backup's, or edited JSON."""
    src, alt = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(other))
    victim = rng.randrange(3)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, info in enumerate(src.infolist()):
            content = src.read(info.filename)
            if n == victim:
                choice = rng.randrange(3)
                if choice == 0:
                    content = rng.randbytes(rng.randint(0, 4096))
                elif choice == 1:
                    content = alt.read(alt.infolist()[n].filename)
                elif info.filename.endswith(".json"):
                    value = json.loads(content)
                    key = rng.choice(sorted(value))
                    value[key] = rng.choice((None, 0, -1, "x", [], {}, 10**30, True))
                    content = json.dumps(value).encode()
                else:
                    content = content[: len(content) // 2]
            zf.writestr(info, content)
    return buf.getvalue()


def test_a_thousand_mutants_are_all_refused(originals: dict[str, bytes], tmp_path: Path) -> None:
    rng = random.Random(20250630)
    started = time.monotonic()
    accepted, crashed = [], []
    kinds: dict[str, int] = {}
    deep = 0
    for n in range(MUTANTS):
        name = rng.choice(("plain", "encrypted"))
        data = originals[name]
        path = tmp_path / f"m{n % 10}.kongtun-backup"
        how = rng.random()
        if how < 0.6:
            path.write_bytes(_mutate(data, rng))
        elif how < 0.85:
            body, eocd = _unsealed(data)
            _reseal(_mutate(body, rng), eocd, path)
        else:
            other = originals["encrypted" if name == "plain" else "plain"]
            body, eocd = _unsealed(_replace_entry(_unsealed(data)[0] + _unsealed(data)[1],
                                                  _unsealed(other)[0] + _unsealed(other)[1], rng))
            _reseal(body, eocd, path)
        if path.read_bytes() == data:
            continue
        try:
            fmt.check_seal(path)
            deep += 1  # got past the whole-file checksum: the deeper checks must refuse it
        except KongtunError:
            pass
        try:
            verify_backup(path, passphrase="ลับมาก" if name == "encrypted" else None)
        except KongtunError as exc:
            assert str(exc) and "\n" not in str(exc)
            kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
        except Exception as exc:  # noqa: BLE001 - the point of the test
            crashed.append((n, repr(exc)))
        else:
            accepted.append(n)
    assert crashed == []
    assert accepted == []
    assert "BackupDamaged" in kinds and deep > 50
    assert time.monotonic() - started < 60
