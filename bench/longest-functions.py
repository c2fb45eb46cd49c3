#!/usr/bin/env python3
"""The longest functions in src/, by lines from `fn` to its closing brace.

Usage: bench/longest-functions.py [COUNT]   (default 10)

A reading aid, not a parser: it finds each `fn` that opens a body and counts the lines
to the brace that closes it, skipping braces inside strings, chars and comments.
Functions in `#[cfg(test)]` modules and in `tests/` folders are left out.
"""
import pathlib
import re
import sys

FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def body_end(text, start):
    """Index just past the brace that closes the body opened at or after `start`."""
    depth, i, opened = 0, start, False
    while i < len(text):
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            if i < 0:
                return len(text)
            continue
        if text.startswith("/*", i):
            i = text.find("*/", i) + 2
            continue
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "'" and re.match(r"'(\\.|[^\\'])'", text[i : i + 4]):
            i = text.find("'", i + 2) + 1
            continue
        if c == ";" and not opened:
            return None  # a declaration, no body
        if c == "{":
            depth += 1
            opened = True
        elif c == "}":
            depth -= 1
            if opened and depth == 0:
                return i + 1
        i += 1
    return None


def functions(path):
    text = path.read_text()
    cut = text.find("#[cfg(test)]\nmod tests")
    if cut >= 0:
        text = text[:cut]
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for number, line in enumerate(lines):
        match = FN.match(line)
        if not match:
            continue
        end = body_end(text, offsets[number])
        if end is None:
            continue
        last = next(n for n, o in enumerate(offsets) if o >= end)
        yield last - number, f"{path}:{number + 1}", match.group(6)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    root = pathlib.Path(__file__).resolve().parent.parent
    found = []
    for path in sorted((root / "src").rglob("*.rs")):
        if "tests" in path.relative_to(root / "src").parts or path.name.endswith("_tests.rs"):
            continue
        found.extend(functions(path.relative_to(root)))
    found.sort(key=lambda f: -f[0])
    for lines, place, name in found[:count]:
        print(f"{lines:4}  {name:28} {place}")
    print(f"total of the {count}: {sum(f[0] for f in found[:count])} lines")


if __name__ == "__main__":
    main()
