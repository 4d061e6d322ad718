"""Product images of the Dropship v1 catalogue, served by dropsim so that a shop's product
import works offline. The catalogue hands out site-relative URLs, as Provet's own sample does
(`/Content/images/products/holic1.jpg`): dropsim answers them under `/provet` and at the site
root, so both `base URL + url` and a URL resolved against the host find the picture. Each image
is a small PNG placeholder, coloured from its name, built without any imaging library."""
from __future__ import annotations

import functools
import re
import struct
import zlib

IMAGE_PATH = "/Content/images/products"
_NAME = re.compile(r"^[a-z0-9]{1,64}\.png$")
SIZE = 96


def image_url(code: str) -> str:
    """The site-relative URL of a product's picture: `/Content/images/products/fron01.png`."""
    return f"{IMAGE_PATH}/{re.sub(r'[^a-z0-9]', '', code.lower())}.png"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


@functools.lru_cache(maxsize=512)
def image(name: str) -> bytes | None:
    """The PNG for an image file name, or None when the name is not one the catalogue uses."""
    if not _NAME.match(name):
        return None
    hue = zlib.crc32(name.encode()) & 0xFFFFFF
    background = bytes((200 + (hue & 0x37), 215 + ((hue >> 8) & 0x1F), 225 + ((hue >> 16) & 0x1F)))
    box = bytes(max(0, c - 90) for c in background)
    rows = []
    for y in range(SIZE):
        inside_y = SIZE // 4 <= y < 3 * SIZE // 4
        row = b"".join(box if inside_y and SIZE // 4 <= x < 3 * SIZE // 4 else background
                       for x in range(SIZE))
        rows.append(b"\x00" + row)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))
