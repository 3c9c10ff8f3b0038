#!/usr/bin/python3
"""Seeded generator of synthetic partnership networks in the partnet format.

Usage: /usr/bin/python3 bench/gen.py N [--seed S] [-o FILE | --dir DIR] [--edges FILE]

Writes one YAML file (partnet format 1) with N institutions and, optionally,
an edge list of the graph partnet builds from it, for bench/igraph_bare.c.
With --dir, the same network goes into a new directory of files that partnet
merges in name order (00-network.yaml, then institutions, groups and ties in
parts of at most --part items, each well under the loader's 64 MB limit per
file): how 1M institutions (about 530 MB of YAML) are read. The edge list:

    line 1:      "n_nodes n_edges"
    n_nodes lines "country type": small integers for assortativity (country 0:
                 none, for groups; type: institution types, then GROUP_TYPES)
    n_edges lines "a b w": 0-based node ids, weight as a decimal

Nodes are numbered in input order: institutions, then alliances, then
networks. Edges are in partnet's order: ties, then memberships (member ->
group), then part-of links (child -> parent). No two edges join the same pair,
so the graph is simple and parallel-tie merging cannot differ between tools.

Structure: ~40 countries with European weight, synthetic cities with
locations near each country's centre, institution types with realistic shares,
laboratories attached to universities (`parent`), a few hundred alliances and
networks with heavy-tailed sizes, and about 2.5 N bilateral ties whose degree
distribution is heavy-tailed (Chung-Lu sampling on Pareto fitness, half of the
ties kept inside a country). Standard library only; same N and seed give
byte-identical output.
"""

import argparse
import bisect
import itertools
import os
import random
import sys

# ISO 3166-1 alpha-2, approximate centre (lat, lon), relative share.
COUNTRIES = [
    ("FR", 46.6, 2.4, 14), ("DE", 51.1, 10.4, 14), ("IT", 42.8, 12.5, 8), ("ES", 40.2, -3.7, 7),
    ("GB", 53.0, -1.5, 8), ("NL", 52.2, 5.3, 4), ("BE", 50.6, 4.6, 3), ("LU", 49.8, 6.1, 1),
    ("CH", 46.8, 8.2, 3), ("AT", 47.6, 14.1, 2), ("PL", 52.1, 19.4, 4), ("CZ", 49.8, 15.5, 2),
    ("SE", 62.0, 15.0, 2), ("NO", 61.0, 9.0, 1), ("FI", 63.0, 26.0, 1), ("DK", 56.0, 10.0, 1),
    ("PT", 39.6, -8.0, 2), ("GR", 39.1, 22.0, 2), ("IE", 53.2, -8.0, 1), ("RO", 45.9, 24.9, 2),
    ("HU", 47.2, 19.5, 1), ("SK", 48.7, 19.7, 1), ("SI", 46.1, 14.8, 1), ("HR", 45.1, 15.2, 1),
    ("BG", 42.7, 25.5, 1), ("EE", 58.6, 25.0, 1), ("LT", 55.2, 23.9, 1), ("LV", 56.9, 24.6, 1),
    ("US", 39.8, -98.6, 6), ("CA", 56.1, -106.3, 2), ("BR", -14.2, -51.9, 2), ("MX", 23.6, -102.5, 1),
    ("CN", 35.9, 104.2, 4), ("JP", 36.2, 138.3, 2), ("KR", 35.9, 127.8, 1), ("IN", 20.6, 79.0, 2),
    ("AU", -25.3, 133.8, 1), ("MA", 31.8, -7.1, 1), ("SN", 14.5, -14.5, 1), ("TN", 34.0, 9.5, 1),
    ("VN", 14.1, 108.3, 1), ("CL", -35.7, -71.5, 1), ("ZA", -30.6, 22.9, 1),
]

TYPES = [  # (type, share, id prefix)
    ("university", 30, "univ"), ("school", 8, "school"), ("research-organisation", 9, "ro"),
    ("laboratory", 18, "lab"), ("hospital", 6, "hosp"), ("company", 16, "co"),
    ("agency", 3, "agency"), ("government", 3, "gov"), ("funder", 2, "fund"),
    ("programme", 1, "prog"), ("other", 4, "other"),
]

THEMES = [
    ("energy", "Energy", "#e69f00"), ("materials", "Materials", "#56b4e9"),
    ("health", "Health", "#009e73"), ("digital", "Digital", "#0072b2"),
    ("environment", "Environment", "#d55e00"), ("mobility", "Mobility", "#cc79a7"),
    ("engineering", "Engineering", "#f0e442"), ("ai", "Artificial intelligence", "#999999"),
    ("mining", "Mining and resources", "#a6761d"), ("circular-economy", "Circular economy", "#66a61e"),
    ("humanities", "Humanities", "#e7298a"), ("law", "Law", "#7570b3"),
    ("economics", "Economics", "#1b9e77"), ("education", "Education", "#d95f02"),
    ("agriculture", "Agriculture", "#66c2a5"), ("space", "Space", "#fc8d62"),
    ("water", "Water", "#8da0cb"), ("cultural-heritage", "Cultural heritage", "#e78ac3"),
    ("quantum", "Quantum", "#a6d854"), ("languages", "Languages", "#ffd92f"),
]

GROUP_TYPES = ["european-university", "cross-border", "thematic",  # alliances
               "thematic-network", "consortium", "association"]  # networks

TIE_TYPES = [("agreement", 30), ("research", 25), ("mobility", 15), ("training", 8),
             ("joint-lab", 5), ("joint-centre", 3), ("cotutelle", 5), ("hosting", 3),
             ("other", 4), ("data sharing", 2)]

SYL = ["lor", "an", "ber", "nan", "cy", "metz", "sar", "bruck", "tri", "er", "vil", "la", "mont",
       "pel", "lier", "gra", "nada", "lu", "leå", "za", "brze", "ostra", "va", "mis", "kolc",
       "liège", "nord", "sud", "ost", "west", "por", "to", "val", "ès", "ü", "ma", "ri", "bo",
       "ka", "se", "ni", "do", "ré", "sol", "ham", "burg", "stadt", "ford", "vik", "grad"]

NAME_FORMS = {
    "university": ["University of {c}", "Université de {c}", "Universität {c}",
                   "{c} University of Technology", "Universidad de {c}"],
    "school": ["{c} School of Engineering", "École nationale supérieure de {c}",
               "{c} Business School"],
    "research-organisation": ["{c} Institute for Advanced Research", "Centre de recherche {c}",
                              "{c} Research Centre"],
    "laboratory": ["Laboratory of {t}, {c}", "Laboratoire {t} de {c}", "{c} {t} Lab"],
    "hospital": ["{c} University Hospital", "Centre hospitalier de {c}"],
    "company": ["{c} {t} Industries", "{C} & Partners", "{c} Systems"],
    "agency": ["{c} Regional Agency", "Agence de développement de {c}"],
    "government": ["City of {c}", "Region of {c}"],
    "funder": ["{c} Research Foundation", "Fonds {c} pour la science"],
    "programme": ["{c} {t} Programme"],
    "other": ["{c} Association for {t}", "Maison des sciences de {c}"],
}


def q(s):
    """A YAML double-quoted scalar (the names carry accents and '&')."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fmt_w(w):
    return ("%.2f" % w).rstrip("0").rstrip(".")


class PartedOut:
    """Writes the network into a directory: a new file every `part` items of a list,
    which starts again with its key (the loader merges the lists of every file)."""

    def __init__(self, d, part):
        os.makedirs(d)
        self.d, self.part, self.f, self.n, self.files = d, part, None, 0, 0
        self.open("00-network.yaml")

    def open(self, name):
        if self.f is not None:
            self.f.close()
        self.f = open(os.path.join(self.d, name), "w", encoding="utf-8", newline="\n")
        self.files += 1

    def write(self, text):
        self.f.write(text)

    def item(self, key, rank):
        """Before each item of list `key` (rank: the list's place in the file order)."""
        if self.n % self.part == 0:
            self.open("%02d-%s-%04d.yaml" % (rank, key, self.n // self.part))
            self.f.write("%s:\n" % key)
        self.n += 1

    def end_list(self):
        self.n = 0

    def close(self):
        self.f.close()


class SingleOut:
    """One file (closed at the end unless it is stdout): items need nothing."""

    def __init__(self, f):
        self.f = f
        self.write = f.write

    def close(self):
        if self.f is not sys.stdout:
            self.f.close()

    def item(self, key, rank):
        pass

    def end_list(self):
        pass


class Sampler:
    """Weighted sampling with replacement in O(log n)."""

    def __init__(self, items, weights):
        self.items = items
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng):
        x = rng.random() * self.cum[-1]
        return self.items[bisect.bisect_right(self.cum, x)]


def generate(n, seed, out, edges_out):
    rng = random.Random(seed)
    country_s = Sampler(COUNTRIES, [c[3] for c in COUNTRIES])
    type_s = Sampler(TYPES, [t[1] for t in TYPES])
    tie_type_s = Sampler([t[0] for t in TIE_TYPES], [t[1] for t in TIE_TYPES])

    # Cities: about one per 25 institutions, at least 3 per country.
    n_cities = max(3 * len(COUNTRIES), n // 25)
    cities = {c[0]: [] for c in COUNTRIES}
    used_names = set()
    for k in range(n_cities):
        c = COUNTRIES[k % len(COUNTRIES)] if k < 3 * len(COUNTRIES) else country_s.pick(rng)
        while True:
            nm = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()
            if nm not in used_names:
                used_names.add(nm)
                break
        lat = max(-89.0, min(89.0, c[1] + rng.gauss(0, 2.5)))
        lon = max(-179.0, min(179.0, c[2] + rng.gauss(0, 3.5)))
        cities[c[0]].append((nm, lat, lon))
    city_s = {cc: Sampler(lst, [1.0 / (i + 1) for i in range(len(lst))])
              for cc, lst in cities.items()}

    n_sources = max(10, n // 50)
    n_groups = min(400, max(20, n // 25))

    w = out.write
    parted = isinstance(out, PartedOut)
    w("# Synthetic partnership network for benchmarks (bench/gen.py %d --seed %d).\n" % (n, seed))
    w("partnet: 1\n")
    w("title: %s\n" % q("Synthetic network, %d institutions (seed %d)" % (n, seed)))
    w("description: %s\n" % q("Generated by bench/gen.py; not real data."))
    w("sources:\n")
    for s in range(n_sources):
        y = rng.randint(2015, 2025)
        w("  - id: src-%d\n    title: %s\n    url: https://example.org/sources/%d\n"
          "    date: %d-%02d-%02d\n" % (s, q("Partnership register extract %d" % s), s, y,
                                         rng.randint(1, 12), rng.randint(1, 28)))
    w("themes:\n")
    for tid, lab, col in THEMES:
        w("  - {id: %s, label: %s, color: \"%s\"}\n" % (tid, q(lab), col))

    # Institutions.
    insts = []  # (id, country, type, fitness)
    by_country = {}
    universities = {}
    ids_seen = set()
    if not parted:
        w("institutions:\n")
    for i in range(n):
        out.item("institutions", 10)
        c = country_s.pick(rng)
        t = type_s.pick(rng)
        city, lat, lon = city_s[c[0]].pick(rng)
        iid = "%s-%s-%d" % (c[0].lower(), t[2], i)
        assert iid not in ids_seen
        ids_seen.add(iid)
        form = rng.choice(NAME_FORMS[t[0]])
        th = rng.choice(THEMES)[1]
        name = form.format(c=city, C=city.upper(), t=th)
        themes = sorted(rng.sample(range(len(THEMES)), rng.randint(0, 3)))
        fit = rng.paretovariate(1.6)
        if t[0] in ("university", "research-organisation"):
            fit *= 2.0
        w("  - id: %s\n    name: %s\n" % (iid, q(name)))
        if rng.random() < 0.4:
            w("    short: %s\n" % q("".join(x[0] for x in name.split() if x[0].isalpha()).upper()))
        w("    type: %s\n    country: %s\n    city: %s\n" % (t[0], c[0], q(city)))
        w("    location: [%.4f, %.4f]\n" % (lat + rng.gauss(0, 0.05), lon + rng.gauss(0, 0.05)))
        parent = None
        if t[0] == "laboratory" and universities.get(c[0]) and rng.random() < 0.5:
            cand = universities[c[0]]
            parent = cand[min(len(cand) - 1, int(rng.paretovariate(1.2)) - 1)] \
                if rng.random() < 0.5 else rng.choice(cand)
            w("    parent: %s\n" % insts[parent][0])
        if themes:
            w("    themes: [%s]\n" % ", ".join(THEMES[k][0] for k in themes))
        since = rng.randint(1990, 2020)
        w("    since: %d\n    source: src-%d\n" % (since, rng.randrange(n_sources)))
        insts.append((iid, c[0], t[0], fit, parent, since))
        by_country.setdefault(c[0], []).append(i)
        if t[0] == "university":
            universities.setdefault(c[0], []).append(i)

    fits = [x[3] for x in insts]
    all_s = Sampler(list(range(n)), fits)
    country_samplers = {cc: Sampler(lst, [fits[k] for k in lst]) for cc, lst in by_country.items()}

    # Groups: alliances then networks; heavy-tailed sizes; member choice by fitness,
    # alliances mostly regional.
    groups = []  # (id, kind, [member indices])
    n_alliances = n_groups * 2 // 5
    group_kinds = [("alliance", k) for k in range(n_alliances)] + \
                  [("network", k) for k in range(n_groups - n_alliances)]
    member_edges = []  # (inst, group position)
    for gpos, (kind, k) in enumerate(group_kinds):
        size = int(min(n // 4, 4 + rng.paretovariate(1.3) * 6))
        home = country_s.pick(rng)[0]
        mem = []
        seen = set()
        tries = 0
        while len(mem) < size and tries < size * 20:
            tries += 1
            if kind == "alliance" and home in country_samplers and rng.random() < 0.35:
                x = country_samplers[home].pick(rng)
            else:
                x = all_s.pick(rng)
            if x not in seen:
                seen.add(x)
                mem.append(x)
        gid = ("all-%d" if kind == "alliance" else "net-%d") % k
        gtype = rng.choice(GROUP_TYPES[:3] if kind == "alliance" else GROUP_TYPES[3:])
        groups.append((gid, kind, mem, gtype))
        for x in mem:
            member_edges.append((x, gpos))

    def write_groups(kind, key, rank):
        if not parted:
            w("%s:\n" % key)
        for gid, gk, mem, gtype in groups:
            if gk != kind:
                continue
            out.item(key, rank)
            syl = "".join(rng.choice(SYL) for _ in range(2)).upper()
            w("  - id: %s\n    name: %s\n" % (gid, q("%s %s %s" % (
                syl, rng.choice(["European", "Global", "Regional", "Transnational"]),
                "University Alliance" if kind == "alliance" else "Research Network"))))
            w("    type: %s\n" % gtype)
            w("    themes: [%s]\n" % ", ".join(sorted(x[0] for x in rng.sample(THEMES, 2))))
            gsince = rng.randint(1995, 2022)
            w("    since: %d\n    source: src-%d\n    members:\n" % (
                gsince, rng.randrange(n_sources)))
            for x in mem:
                if rng.random() < 0.15:
                    w("      - {id: %s, role: %s, since: %d}\n" % (
                        insts[x][0], rng.choice(["coordinator", "partner", "associate"]),
                        rng.randint(max(gsince, insts[x][5]), 2025)))
                else:
                    w("      - %s\n" % insts[x][0])

    out.end_list()
    write_groups("alliance", "alliances", 20)
    out.end_list()
    write_groups("network", "networks", 21)
    out.end_list()

    # Bilateral ties: Chung-Lu on fitness, half inside a country, no duplicate pair,
    # no tie doubling a part-of link.
    n_ties = int(2.5 * n)
    pairs = set()
    for i, x in enumerate(insts):
        if x[4] is not None:
            pairs.add((min(i, x[4]), max(i, x[4])))
    ties = []
    tries = 0
    while len(ties) < n_ties and tries < n_ties * 10:
        tries += 1
        a = all_s.pick(rng)
        b = country_samplers[insts[a][1]].pick(rng) if rng.random() < 0.5 else all_s.pick(rng)
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        if key in pairs:
            continue
        pairs.add(key)
        ties.append((a, b))
    if not parted:
        w("ties:\n")
    tie_edges = []
    for a, b in ties:
        out.item("ties", 30)
        weight = rng.choice([1, 1, 1, 1, 2, 2, 3, 0.5, 1.5, 5]) if rng.random() < 0.7 \
            else round(rng.uniform(0.2, 10.0), 2)
        since = rng.randint(max(insts[a][5], insts[b][5]), 2024)
        parts = []
        if insts[a][2] == "funder" and rng.random() < 0.7:
            parts.append("from: %s, to: %s, type: funding" % (insts[a][0], insts[b][0]))
        else:
            parts.append("between: [%s, %s], type: %s" % (insts[a][0], insts[b][0],
                                                          tie_type_s.pick(rng)))
        parts.append("weight: %s" % fmt_w(weight))
        parts.append("since: %d" % since)
        if rng.random() < 0.2:
            parts.append("until: %d" % rng.randint(since, 2025))
        if rng.random() < 0.5:
            parts.append("themes: [%s]" % ", ".join(
                sorted(x[0] for x in rng.sample(THEMES, rng.randint(1, 2)))))
        parts.append("source: src-%d" % rng.randrange(n_sources))
        w("  - {%s}\n" % ", ".join(parts))
        tie_edges.append((a, b, float(fmt_w(weight))))

    if edges_out is not None:
        edges = tie_edges + [(x, n + g, 1.0) for x, g in member_edges] + \
            [(i, x[4], 1.0) for i, x in enumerate(insts) if x[4] is not None]
        e = edges_out.write
        e("%d %d\n" % (n + len(groups), len(edges)))
        cidx = {c[0]: k + 1 for k, c in enumerate(COUNTRIES)}
        tidx = {t[0]: k for k, t in enumerate(TYPES)}
        for x in insts:
            e("%d %d\n" % (cidx[x[1]], tidx[x[2]]))
        for g in groups:
            e("0 %d\n" % (len(TYPES) + GROUP_TYPES.index(g[3])))
        for a, b, wt in edges:
            e("%d %d %s\n" % (a, b, repr(wt)))
    return n + len(groups), len(ties), len(member_edges)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of institutions (>= 10)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-", help="YAML file, - for stdout")
    ap.add_argument("--dir", help="write a new directory of YAML files instead of one file")
    ap.add_argument("--part", type=int, default=100000,
                    help="with --dir: items of a list per file (default 100000)")
    ap.add_argument("--edges", help="also write the edge list here")
    a = ap.parse_args()
    if a.n < 10:
        ap.error("n must be >= 10")
    if a.dir and a.output != "-":
        ap.error("-o and --dir exclude each other")
    if a.part < 1:
        ap.error("--part must be >= 1")
    if a.dir:
        out = PartedOut(a.dir, a.part)
    elif a.output == "-":
        out = SingleOut(sys.stdout)
    else:
        out = SingleOut(open(a.output, "w", encoding="utf-8", newline="\n"))
    eo = open(a.edges, "w", encoding="ascii", newline="\n") if a.edges else None
    try:
        nodes, nt, nm = generate(a.n, a.seed, out, eo)
    finally:
        out.close()
        if eo:
            eo.close()
    print("gen: %d institutions, %d nodes, %d ties, %d memberships" % (a.n, nodes, nt, nm),
          file=sys.stderr)


if __name__ == "__main__":
    main()
