"""Streaming AES-256-GCM for backup files.

Layout: ``RMBK1`` | 7-byte random nonce prefix | chunks. Each chunk is a 4-byte length, then its
ciphertext with the GCM tag; the nonce is the prefix, a 4-byte chunk counter and a final-chunk
flag, so a reordered, truncated or altered file fails to decrypt.
"""

import base64
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"RMBK1"
CHUNK = 1 << 20


class BackupKeyError(Exception):
    pass


class DamagedBackup(Exception):
    pass


def load_key(path: Path) -> bytes:
    try:
        key = base64.urlsafe_b64decode(path.read_text().strip())
    except (OSError, ValueError) as error:
        raise BackupKeyError(f"cannot read the backup key {path}: {error}") from None
    if len(key) != 32:
        raise BackupKeyError(f"the backup key {path} must hold 32 bytes (base64), not {len(key)}")
    return key


def new_key(path: Path) -> bytes:
    key = AESGCM.generate_key(bit_length=256)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.urlsafe_b64encode(key).decode())
    return key


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + struct.pack(">I?", counter, final)


def encrypt(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    cipher = AESGCM(key)
    prefix = os.urandom(7)
    target.write(MAGIC + prefix)
    counter = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        sealed = cipher.encrypt(_nonce(prefix, counter, not following), chunk, MAGIC)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if not following:
            return
        chunk, counter = following, counter + 1


def decrypt(source: BinaryIO, key: bytes) -> Iterator[bytes]:
    cipher = AESGCM(key)
    header = source.read(len(MAGIC) + 7)
    if not header.startswith(MAGIC):
        raise DamagedBackup("this is not a Remission backup file")
    prefix = header[len(MAGIC) :]
    counter = 0
    while size_bytes := source.read(4):
        sealed = source.read(struct.unpack(">I", size_bytes)[0])
        final = not source.peek(1) if hasattr(source, "peek") else _at_end(source)
        try:
            yield cipher.decrypt(_nonce(prefix, counter, final), sealed, MAGIC)
        except InvalidTag:
            raise DamagedBackup(
                f"chunk {counter} does not decrypt: wrong key, or the file was altered or cut short"
            ) from None
        if final:
            return
        counter += 1
    raise DamagedBackup("the file ends before its last chunk: it was cut short")


def _at_end(source: BinaryIO) -> bool:
    position = source.tell()
    at_end = not source.read(1)
    source.seek(position)
    return at_end
