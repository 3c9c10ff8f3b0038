#!/usr/bin/python3
"""Write tests/data/classic/<name>.yaml from networkx's built-in classic graphs.

Usage: /usr/bin/python3 tests/net/xcheck/gen_classic.py [--check]
--check compares the committed files with a fresh generation (exit 1 if they differ).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classic  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "data", "classic")


def main():
    check = "--check" in sys.argv[1:]
    bad = 0
    os.makedirs(OUT, exist_ok=True)
    for name in classic.GRAPHS:
        text = classic.to_yaml(name)
        path = os.path.join(OUT, name + ".yaml")
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print("%s: differs from a fresh generation" % path)
                    bad = 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return bad


if __name__ == "__main__":
    sys.exit(main())
