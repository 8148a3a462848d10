#!/usr/bin/env python3
"""Cycles between the modules of the studio's crates, from their `use crate::`/`super::` paths.

Usage: module-cycles.py [SRC_DIR ...]   (default: shared/src and infra/*/src)
Prints every cycle at two depths and exits 1 if there is any:
- file: file-level modules that import each other, directly or around a ring;
- top: top-level modules of a crate (`access`, `api`, `error`, ...) that do, counting
  every `crate::` path in any of their files, so layers stay layers.
Test code is left out: `#[cfg(test)] mod tests { ... }` blocks and files that are
declared under `#[cfg(test)]` (such as `fanout_tests.rs`). The static tests run it
(tests/static/layers.rs). A text-level reading: open the files it names before you
believe it.
"""
import pathlib
import re
import sys

USE_GROUP = re.compile(r"\buse\s+((?:crate|super)(?:::\w+)*)::\{([^}]*)\}")
PATH = re.compile(r"\b((?:crate|super)(?:::\w+)+)")
TEST_MOD = re.compile(r'#\[cfg\(test\)\]\s*(?:#\[path\s*=\s*"([^"]+)"\]\s*)?mod\s+(\w+)\s*;')


def module_of(src_root, f):
    parts = list(f.relative_to(src_root).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def test_only_files(files):
    """Files declared as `#[cfg(test)] [#[path = "x.rs"]] mod name;` somewhere."""
    out = set()
    for f in files:
        directory = f.parent if f.name in ("mod.rs", "lib.rs", "main.rs") else f.parent / f.stem
        for path, name in TEST_MOD.findall(f.read_text()):
            if path:
                out.add((f.parent / path).resolve())
            else:
                out.add((directory / f"{name}.rs").resolve())
                out.add((directory / name / "mod.rs").resolve())
    return out


def strip_tests(text):
    """Source without its inline `#[cfg(test)] mod tests { ... }` block."""
    return re.split(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)[0]


def imports(src_root, mods, m, f):
    text = strip_tests(f.read_text())
    paths = [p + "::" + item.strip().split("::")[0].split(" ")[0]
             for p, items in USE_GROUP.findall(text) for item in items.split(",")]
    for path in paths + PATH.findall(text):
        segs = path.split("::")
        if segs[0] == "crate":
            base, segs = [], segs[1:]
        else:
            base = list(m) if f.name in ("mod.rs", "lib.rs") else list(m)[:-1]
            while segs and segs[0] == "super":
                segs = segs[1:]
                if segs and segs[0] == "super":
                    base = base[:-1]
        for k in range(len(segs), 0, -1):
            cand = tuple(base + segs[:k])
            if cand in mods:
                yield cand
                break


def strongly_connected(edges):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted("::".join(c) or "(root)" for c in comp))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def cycles(src_root):
    files = [f for f in src_root.glob("**/*.rs") if "bin" not in f.relative_to(src_root).parts]
    tests = test_only_files(files)
    mods = {module_of(src_root, f): f for f in files if f.resolve() not in tests}
    file_edges = {m: set() for m in mods}
    top_edges = {m[:1]: set() for m in mods if m}
    for m, f in mods.items():
        for target in imports(src_root, mods, m, f):
            if target != m and target != m[: len(target)]:
                file_edges[m].add(target)
            if m and target and target[:1] != m[:1]:
                top_edges[m[:1]].add(target[:1])
    return [("file", c) for c in strongly_connected(file_edges)] + [
        ("top", c) for c in strongly_connected(top_edges)
    ]


def main():
    root = pathlib.Path(__file__).resolve().parents[2]
    roots = [pathlib.Path(a) for a in sys.argv[1:]] or [root / "shared/src"] + sorted(root.glob("infra/*/src"))
    found = 0
    for src in roots:
        for depth, c in cycles(src):
            found += 1
            shown = src.relative_to(root) if src.is_relative_to(root) else src
            print(f"{shown}: {depth}: {' <-> '.join(c)}")
    sys.exit(1 if found else 0)


main()
