"""File storage behind file_ids, for uploads, user media and /file downloads."""

from __future__ import annotations

import itertools
import mimetypes
import secrets

from .models import StoredFile

_PREFIX = {"photos": "AgAC", "documents": "BQAC", "voice": "AwAC", "stickers": "CAAC"}


class FileStore:
    """Every file either side sent, addressable by file_id and by download path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = itertools.count(1)

    def add(
        self,
        data: bytes,
        folder: str,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Store bytes under a fresh file_id and path like ``photos/file_3.jpg``."""
        n = next(self._counter)
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        ext = {"photos": ".jpg", "voice": ".oga", "stickers": ".webp"}.get(folder)
        if ext is None:
            ext = "." + file_name.rsplit(".", 1)[1] if file_name and "." in file_name else ""
        stored = StoredFile(
            file_id=f"{_PREFIX.get(folder, 'BQAC')}{n:04d}{secrets.token_hex(8)}",
            file_unique_id=f"AQAD{n:04d}{secrets.token_hex(3)}",
            data=data,
            file_path=f"{folder}/file_{n}{ext}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """Look up by file_id; photo thumbnails (``-s`` suffix) map to the same bytes."""
        found = self._by_id.get(file_id)
        if found is None and file_id.endswith("-s"):
            found = self._by_id.get(file_id[:-2])
        return found

    def by_path(self, file_path: str) -> StoredFile | None:
        """Look up by the download path that getFile returned."""
        return self._by_path.get(file_path)
