"""Uploaded files on disk, encrypted: a web visitor's photos and voice notes.

Each file is the Fernet token of its bytes (DATA_KEY, like every sealed field), named by a
random id, in a folder that no web server serves (WEB_UPLOAD_DIR): nothing reads one but
this store, and the store is read only to send a case's media to an official who may see
the case (handlers/case_media.py checks that).
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from pathlib import Path

from storage.crypto import FieldCipher

_ID = re.compile(r"[A-Za-z0-9_-]{16,40}")


class UploadGone(LookupError):
    """No such file (never stored, or removed by the retention rules)."""


class UploadStore:
    def __init__(self, folder: Path, cipher: FieldCipher) -> None:
        self.folder = folder
        self.cipher = cipher

    def _path(self, upload_id: str) -> Path:
        if not _ID.fullmatch(upload_id):  # never a path a caller could steer
            raise UploadGone("not an upload id")
        return self.folder / f"{upload_id}.bin"

    async def save(self, data: bytes) -> str:
        """Encrypt and store; returns the new file's id."""
        upload_id = secrets.token_urlsafe(18)
        sealed = self.cipher.encrypt_bytes(data)
        await asyncio.to_thread(self._write, self._path(upload_id), sealed)
        return upload_id

    def _write(self, path: Path, sealed: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_suffix(".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(sealed)
        partial.replace(path)

    async def read(self, upload_id: str) -> bytes:
        path = self._path(upload_id)
        try:
            sealed = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as exc:
            raise UploadGone(upload_id) from exc
        return self.cipher.decrypt_bytes(sealed)

    async def rekey(self) -> tuple[int, int]:
        """Every stored file under the newest DATA_KEY (`python -m bot rekey`); returns (files
        read, files re-encrypted). A file already under it is left alone, so a second run or
        one after an interruption rewrites nothing twice."""
        read = changed = 0
        paths = await asyncio.to_thread(lambda: sorted(self.folder.glob("*.bin"))
                                        if self.folder.is_dir() else [])
        for path in paths:
            read += 1
            changed += await asyncio.to_thread(self._rekey_file, path)
        return read, changed

    def _rekey_file(self, path: Path) -> bool:
        try:
            sealed = path.read_bytes()
        except FileNotFoundError:  # removed by the retention rules meanwhile
            return False
        if self.cipher.is_current(sealed):
            return False
        rotated = self.cipher.rotate(sealed)
        partial = path.with_suffix(".rekey")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(rotated)
        if not path.exists():  # removed while we wrote: keep it removed
            partial.unlink(missing_ok=True)
            return False
        partial.replace(path)  # whole or not at all: a reader sees the old token or the new
        return True

    async def remove(self, upload_id: str) -> None:
        try:
            await asyncio.to_thread(self._path(upload_id).unlink, True)
        except UploadGone:
            pass
