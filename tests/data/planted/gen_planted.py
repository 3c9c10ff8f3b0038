#!/usr/bin/python3
"""A planted-partition network whose communities persist across years (issue 10).

Four groups of institutions (ids g<A>-<i>, A in a..d): ties inside a group with
probability 0.6, from 2006 to 2009 (so every year from 2010 on holds them);
in groups a..c (ten each) two members join in 2014 and 2019; group d has six members
until eight more join in 2018, so from then on it is the largest and a numbering by
size alone would renumber every group; between groups, three ties per pair. Seeded: the same file every time.
Usage: gen_planted.py [-o FILE] (default: standard output); --check compares with
planted.yaml beside it.
"""
import random
import sys
import os

GROUPS = "abcd"
SIZE = {"a": 10, "b": 10, "c": 10, "d": 14}


def build():
    rnd = random.Random(2010)
    out = ["# Planted partition across years (tests/data/planted/gen_planted.py): four",
           "# groups whose communities persist from 2010 to 2025 (issue 10).",
           "title: Planted communities", "institutions:"]
    since = {}
    for g in GROUPS:
        for i in range(SIZE[g]):
            ident = "g%s-%d" % (g, i)
            if g == "d":
                since[ident] = 2005 if i < 6 else 2018
            else:
                since[ident] = 2014 if i == 8 else 2019 if i == 9 else 2005
            out += ["  - id: %s" % ident, "    name: Group %s member %d" % (g.upper(), i),
                    "    type: university", "    country: FR",
                    "    since: %d" % since[ident]]
    out.append("ties:")
    for g in GROUPS:
        for i in range(SIZE[g]):
            for j in range(i + 1, SIZE[g]):
                a, b = "g%s-%d" % (g, i), "g%s-%d" % (g, j)
                late = max(since[a], since[b])
                if rnd.random() < (0.6 if late == 2005 else 0.5) or (late > 2005 and i < 2):
                    y = late if late > 2005 else rnd.randint(2006, 2009)
                    out.append("  - {between: [%s, %s], type: research, since: %d}" % (a, b, y))
    for x in range(len(GROUPS)):
        for y in range(x + 1, len(GROUPS)):
            for _ in range(3):
                a = "g%s-%d" % (GROUPS[x], rnd.randint(0, 5))
                b = "g%s-%d" % (GROUPS[y], rnd.randint(0, 5))
                out.append("  - {between: [%s, %s], type: training, since: %d}"
                           % (a, b, rnd.randint(2006, 2020)))
    return "\n".join(out) + "\n"


def main(argv):
    text = build()
    if argv[:1] == ["--check"]:
        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "planted.yaml")
        if open(here).read() != text:
            print("gen_planted: planted.yaml differs from the generator's output")
            sys.exit(1)
        return
    if argv[:1] == ["-o"]:
        open(argv[1], "w").write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
