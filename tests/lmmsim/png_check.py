#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Exit 1 unless the file is a PNG whose pixels show several colours.

A blank page (one colour) or a broken file fails: the timeline's bars
must have been drawn.  Reads the PNG with the standard library only.
"""
import struct
import sys
import zlib


def pixel_bytes(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def main():
    width, height, raw = pixel_bytes(sys.argv[1])
    if width < 100 or height < 100:
        sys.exit(f"{sys.argv[1]}: {width}x{height} is too small")
    # Filtered scanlines: count distinct 4-byte groups as a rough palette.
    groups = {raw[i:i + 4] for i in range(0, min(len(raw), 4_000_000), 4)}
    if len(groups) < 16:
        sys.exit(f"{sys.argv[1]}: looks blank ({len(groups)} distinct values)")
    print(f"{sys.argv[1]}: {width}x{height} PNG, {len(groups)} distinct values")


main()
