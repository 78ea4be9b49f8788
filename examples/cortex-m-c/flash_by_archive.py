#!/usr/bin/env python3
"""Flash taken by one static archive in a GNU ld link: the sizes of the input sections, kept
after --gc-sections, that come from the archive's members and land in the flash image
(.text, .rodata, .ARM.exidx, and the load image of .data), read from the link map.

Usage: flash_by_archive.py MAP ARCHIVE_NAME   (prints bytes)
"""
import re
import sys

FLASH_SECTIONS = {".isr_vector", ".text", ".rodata", ".ARM.exidx", ".data"}
# " .text.foo  0x00001234  0x56 /path/lib.a(member.o)" or the same split after the name.
FULL = re.compile(r"^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
TAIL = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
NAME_ONLY = re.compile(r"^ (\S+)$")
OUTPUT = re.compile(r"^(\.\S+)")


def main():
    path, archive = sys.argv[1], sys.argv[2]
    total = 0
    output = None
    pending = None
    started = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("Linker script and memory map"):
                started = True
                continue
            if not started:
                continue
            m = OUTPUT.match(line)
            if m:
                output = m.group(1)
                pending = None
                continue
            size = source = None
            m = FULL.match(line)
            if m and not m.group(1).startswith("*"):
                size, source = int(m.group(3), 16), m.group(4)
            elif pending is not None:
                m = TAIL.match(line)
                if m:
                    size, source = int(m.group(2), 16), m.group(3)
            m = NAME_ONLY.match(line)
            pending = m.group(1) if m and not line.startswith(" *") else None
            if size is None or output not in FLASH_SECTIONS:
                continue
            if "/" + archive + "(" in source or source.startswith(archive + "("):
                total += size
    print(total)


if __name__ == "__main__":
    main()
