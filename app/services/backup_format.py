"""The backup file's container: a strict zip, its checksums, and the optional encryption.

A `.kongtun-backup` file is a zip of exactly three members, in this order:

    fund.kongtun.zlib[.aesgcm]   the database snapshot, zlib-compressed, then (with a
                                 passphrase) AES-256-GCM encrypted; stored, not deflated
    summary.json                 the coordinator's indicators (no personal data)
    manifest.json                identity, figures, checksums, encryption parameters

The archive comment is `KONGTUN-BACKUP-1 sha256:<hex>`, the SHA-256 of every byte before
the end-of-central-directory record: any flipped, cut or inserted byte is found before
anything is parsed. The manifest carries the SHA-256 of each member as well, and the
plaintext database's own SHA-256. Reading is bounded everywhere (member count, names,
sizes), so a crafted zip (path traversal, zip bomb) is refused, not unpacked.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from app.errors import FundFileError

SUFFIX = ".kongtun-backup"
FORMAT = "kongtun-backup"
FORMAT_VERSION = 1
DATA_PLAIN = "fund.kongtun.zlib"
DATA_ENCRYPTED = "fund.kongtun.zlib.aesgcm"
SUMMARY = "summary.json"
MANIFEST = "manifest.json"
COMMENT_PREFIX = b"KONGTUN-BACKUP-1 sha256:"
COMMENT_LEN = len(COMMENT_PREFIX) + 64
EOCD = struct.Struct("<4s4H2LH")  # end of central directory, as zipfile writes it
EOCD_SIG = b"PK\x05\x06"
MAX_JSON = 1 << 20            # manifest and summary: 1 MiB each at most
MAX_DATABASE = 8 << 30        # a fund's database: 8 GiB at most (zip64 is never written)
CHUNK = 1 << 20
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SCRYPT = {"n": 1 << 15, "r": 8, "p": 1}  # ~32 MiB and ~0.1 s per key
ProgressFn = Callable[[float], None]


class BackupInvalid(FundFileError):
    """The backup file cannot be accepted (`backup verify` exits 1)."""


class NotABackup(BackupInvalid):
    message_id = "The file {path} is not a Kongtun backup file."


class BackupDamaged(BackupInvalid):
    message_id = ("The backup file {path} is damaged or incomplete and cannot be used. "
                  "Make a new backup from the fund.")


class BackupTooNew(BackupInvalid):
    message_id = ("The backup file {path} was made by a newer version of Kongtun. "
                  "Please update the program to open it.")


class BackupFailsChecks(BackupInvalid):
    message_id = "The backup file {path} does not pass the integrity check: {problem}"


class PassphraseNeeded(FundFileError):
    message_id = "The backup file {path} is protected by a passphrase. Please give the passphrase."


class WrongPassphrase(FundFileError):
    message_id = "The passphrase for the backup file {path} is wrong."


class BackupWriteError(FundFileError):
    message_id = "The backup could not be written to {path}: {detail}"


# ---------------------------------------------------------------- crypto

def derive_key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(
        passphrase.encode("utf-8"))


def _aad(manifest_fund_code: str) -> bytes:
    return f"{FORMAT}/{FORMAT_VERSION}/{manifest_fund_code}".encode()


# ---------------------------------------------------------------- writing

def write_data(zf: zipfile.ZipFile, db_path: Path, *, passphrase: str | None, fund_code: str,
               progress: ProgressFn | None = None) -> dict[str, Any]:
    """Stream the database into the zip; returns the manifest's database/encryption facts."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    name = DATA_ENCRYPTED if passphrase else DATA_PLAIN
    encryption: dict[str, Any] | None = None
    encryptor = None
    if passphrase:
        salt, nonce = os.urandom(16), os.urandom(12)
        key = derive_key(passphrase, salt, SCRYPT)
        encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(_aad(fund_code))
        encryption = {"cipher": "AES-256-GCM", "kdf": "scrypt", **SCRYPT,
                      "salt": salt.hex(), "nonce": nonce.hex()}
    plain_hash, stored_hash = hashlib.sha256(), hashlib.sha256()
    comp = zlib.compressobj(1)
    total, done, stored = db_path.stat().st_size, 0, 0
    info = _zip_info(name, zipfile.ZIP_STORED)
    with open(db_path, "rb") as src, zf.open(info, "w") as out:
        def emit(chunk: bytes, *, raw: bool = False) -> None:
            nonlocal stored
            if encryptor is not None and not raw:
                chunk = encryptor.update(chunk)
            stored_hash.update(chunk)
            stored += len(chunk)
            out.write(chunk)

        while block := src.read(CHUNK):
            plain_hash.update(block)
            done += len(block)
            emit(comp.compress(block))
            if progress:
                progress(0.1 + 0.5 * done / max(total, 1))
        emit(comp.flush())
        if encryptor is not None:
            tail = encryptor.finalize()
            emit(tail, raw=True)
            encryption["tag"] = encryptor.tag.hex()  # type: ignore[index]
    return {"database": {"name": name, "size": done, "sha256": plain_hash.hexdigest(),
                         "compression": "zlib"},
            "encryption": encryption,
            "file": {"sha256": stored_hash.hexdigest(), "size": stored}}


def _zip_info(name: str, compress_type: int) -> zipfile.ZipInfo:
    """A member header with every field fixed, whatever the system (verify demands these)."""
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = compress_type
    info.create_system = 3
    info.external_attr = 0o600 << 16
    return info


def write_json(zf: zipfile.ZipFile, name: str, value: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    zf.writestr(_zip_info(name, zipfile.ZIP_DEFLATED), data)
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def seal(path: Path) -> None:
    """Put the whole-file checksum into the archive comment (the zip has none yet)."""
    with open(path, "r+b") as fh:
        fh.seek(-EOCD.size, os.SEEK_END)
        end = fh.tell()
        eocd = list(EOCD.unpack(fh.read(EOCD.size)))
        fh.seek(0)
        digest = _hash_prefix(fh, end)
        eocd[-1] = COMMENT_LEN
        fh.seek(end)
        fh.write(EOCD.pack(*eocd) + COMMENT_PREFIX + digest.encode())
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


def _hash_prefix(fh: BinaryIO, length: int) -> str:
    h = hashlib.sha256()
    left = length
    while left > 0 and (block := fh.read(min(CHUNK, left))):
        h.update(block)
        left -= len(block)
    return h.hexdigest()


# ---------------------------------------------------------------- reading

def check_seal(path: Path) -> None:
    """The file is whole: its end record is ours and its checksum matches every byte."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(64)
            if size < EOCD.size + COMMENT_LEN + 30:
                raise _not_ours_or_damaged(path, head)
            fh.seek(size - EOCD.size - COMMENT_LEN)
            tail = fh.read()
            fields = EOCD.unpack(tail[:EOCD.size])
            comment = tail[EOCD.size:]
            if fields[0] != EOCD_SIG or not comment.startswith(COMMENT_PREFIX):
                raise _not_ours_or_damaged(path, head)
            end = size - EOCD.size - COMMENT_LEN
            fh.seek(0)
            if _hash_prefix(fh, end).encode() != comment[len(COMMENT_PREFIX):]:
                raise BackupDamaged(path=str(path))
    except FileNotFoundError:
        raise FundFileError("The file {path} does not exist.", path=str(path)) from None
    except OSError:
        raise FundFileError("The file {path} cannot be read.", path=str(path)) from None
    cd_size, cd_offset = fields[5], fields[6]
    if fields[1:5] != (0, 0, 3, 3) or cd_offset + cd_size != end or fields[7] != COMMENT_LEN:
        raise BackupDamaged(path=str(path))


def _not_ours_or_damaged(path: Path, head: bytes) -> BackupInvalid:
    """A cut-off backup still starts with our first member's name; anything else is not ours."""
    if head[:4] == b"PK\x03\x04" and head[30:30 + len(DATA_PLAIN)] == DATA_PLAIN.encode():
        return BackupDamaged(path=str(path))
    return NotABackup(path=str(path))


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip, refused unless it holds exactly our members with sane sizes."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        raise NotABackup(path=str(path)) from None
    try:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) != 3 or names[1:] != [SUMMARY, MANIFEST] or \
                names[0] not in (DATA_PLAIN, DATA_ENCRYPTED):
            raise NotABackup(path=str(path))
        _check_layout(zf, infos, path)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_layout(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], path: Path) -> None:
    """Every header field is the one we write and the members lie end to end, so no byte
    of the zip's structure can differ from what `create` wrote (a crafted file included)."""
    offset = 0
    fp = zf.fp
    for n, info in enumerate(infos):
        limit = MAX_DATABASE if n == 0 else MAX_JSON
        want = _zip_info(info.filename, zipfile.ZIP_STORED if n == 0 else zipfile.ZIP_DEFLATED)
        same = all(getattr(info, a) == getattr(want, a) for a in (
            "create_version", "create_system", "extract_version", "reserved", "flag_bits",
            "compress_type", "date_time", "volume", "internal_attr", "external_attr",
            "extra", "comment"))
        if not same or info.header_offset != offset or info.file_size > limit \
                or info.compress_size > limit:
            raise BackupDamaged(path=str(path))
        header = info.FileHeader()
        fp.seek(offset)  # type: ignore[union-attr]
        if fp.read(len(header)) != header:  # type: ignore[union-attr]
            raise BackupDamaged(path=str(path))
        offset += len(header) + info.compress_size
    if offset != zf.start_dir:
        raise BackupDamaged(path=str(path))


def read_json(zf: zipfile.ZipFile, name: str, path: Path) -> tuple[dict[str, Any], str]:
    """A JSON member (bounded read) and its SHA-256."""
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_JSON + 1)
        if len(data) > MAX_JSON:
            raise BackupDamaged(path=str(path))
        value = json.loads(data.decode("utf-8"))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, struct.error):
        raise BackupDamaged(path=str(path)) from None
    if not isinstance(value, dict):
        raise BackupDamaged(path=str(path))
    return value, hashlib.sha256(data).hexdigest()


def stored_chunks(zf: zipfile.ZipFile, name: str, path: Path) -> Iterator[bytes]:
    """The stored bytes of a member, in chunks (the zip's own CRC is checked at the end)."""
    try:
        with zf.open(name) as fh:
            while block := fh.read(CHUNK):
                yield block
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, struct.error):
        raise BackupDamaged(path=str(path)) from None


def extract_database(zf: zipfile.ZipFile, manifest: dict[str, Any], path: Path, target: Path, *,
                     passphrase: str | None, progress: ProgressFn | None = None) -> None:
    """Decrypt (if need be) and decompress the snapshot to `target`, checking every sum."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    db, enc, entry = manifest["database"], manifest.get("encryption"), manifest["files"]
    decryptor = None
    if enc:
        if not passphrase:
            raise PassphraseNeeded(path=str(path))
        key = derive_key(passphrase, bytes.fromhex(enc["salt"]),
                         {k: int(enc[k]) for k in ("n", "r", "p")})
        decryptor = Cipher(algorithms.AES(key), modes.GCM(bytes.fromhex(enc["nonce"]))).decryptor()
        decryptor.authenticate_additional_data(_aad(manifest["fund"]["code"]))
    stored_hash, plain_hash = hashlib.sha256(), hashlib.sha256()
    dec = zlib.decompressobj()
    expected, written = int(db["size"]), 0
    name = db["name"]

    def put(out: BinaryIO, data: bytes) -> None:
        nonlocal written
        while data:
            block = dec.decompress(data, CHUNK)
            written += len(block)
            if written > expected:
                raise BackupDamaged(path=str(path))
            plain_hash.update(block)
            out.write(block)
            data = dec.unconsumed_tail

    try:
        with open(target, "wb") as out:
            for chunk in stored_chunks(zf, name, path):
                stored_hash.update(chunk)
                put(out, decryptor.update(chunk) if decryptor else chunk)
                if progress:
                    progress(0.1 + 0.4 * min(written / max(expected, 1), 1.0))
            if stored_hash.hexdigest() != entry[name]["sha256"]:
                raise BackupDamaged(path=str(path))
            if decryptor is not None:
                try:
                    put(out, decryptor.finalize_with_tag(bytes.fromhex(enc["tag"])))
                except InvalidTag:
                    raise WrongPassphrase(path=str(path)) from None
            put(out, dec.flush())
            out.flush()
            os.fsync(out.fileno())
    except zlib.error:
        # With a passphrase, garbage out of the cipher means the key was wrong.
        raise (WrongPassphrase if decryptor else BackupDamaged)(path=str(path)) from None
    if not dec.eof or written != expected or plain_hash.hexdigest() != db["sha256"]:
        raise BackupDamaged(path=str(path))
