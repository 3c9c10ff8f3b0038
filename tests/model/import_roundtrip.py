#!/usr/bin/python3
"""CSV round trip: `export --to csv` then `import` gives the same network.

Usage: import_roundtrip.py PARTNET NETWORK WORKDIR [--plant] [--one]

For the sheets with ',' , with ';' and decimal commas (--decimal-comma) and with tabs:
export, import into a new directory, then require
  - `partnet diff --format json` of the original and the imported network: no entity, tie
    or membership added, removed or changed, and no rank moved (every rank change 0);
  - the JSON exports of both equal, nodes by id and links in order, every field (metrics to
    1e-9: the imported network lists institutions before groups);
  - the sources, themes and network sheets of the imported network's export byte-identical.
--one: only the ';' and decimal-comma sheets (for the large network: each round trip
analyses both networks).
--plant: change one tie's weight in edges.csv before the import; exit 0 only if the check
then fails (the checker can fail).
"""
import json
import math
import os
import shutil
import subprocess
import sys


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return (a is None) == (b is None) and (a is None or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def check(partnet, net, work, name, extra, plant):
    errors = []
    sheets, imported = os.path.join(work, name + "-csv"), os.path.join(work, name + "-net")
    for p in (sheets, imported):
        shutil.rmtree(p, ignore_errors=True)
    run([partnet, "export", "--quiet", "--to", "csv", *extra, "-o", sheets, net])
    if plant:
        path = os.path.join(sheets, "edges.csv")
        with open(path, encoding="utf-8", newline="") as f:
            lines = f.read().split("\r\n")
        sep = "\t" if "\t" in lines[0] else ";" if ";" in lines[0] else ","
        cells = lines[1].split(sep)
        cells[3] = "7"  # Weight of the first edge
        lines[1] = sep.join(cells)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\r\n".join(lines))
    run([partnet, "import", "--quiet", "-o", imported, sheets])
    diff = json.loads(run([partnet, "diff", "--format", "json", net, imported]))
    s = diff["summary"]
    for item in ("entities", "ties", "memberships"):
        if any(s[item].values()):
            errors.append(f"diff: {item} {s[item]}")
    if s["rank_moves"]["nodes"] or s["rank_moves"]["moves"]:
        errors.append(f"diff: rank moves {s['rank_moves']}")
    if diff["changes"]:
        errors.append(f"diff: {len(diff['changes'])} changes, first {diff['changes'][0]}")
    moved = [r for r in diff["ranks"] if r["change"] not in (0, None)]
    if moved:
        errors.append(f"diff: {len(moved)} rank changes, first {moved[0]}")
    a = json.loads(run([partnet, "export", "--quiet", "--to", "json", net]))
    b = json.loads(run([partnet, "export", "--quiet", "--to", "json", imported]))
    na, nb = ({n["id"]: n for n in x["nodes"]} for x in (a, b))
    if na.keys() != nb.keys():
        errors.append("json: node ids differ")
    bad = [k for k in na if k in nb and not same(na[k], nb[k])]
    if bad:
        errors.append(f"json: {len(bad)} nodes differ, first {bad[0]}")
    key = lambda e: (e["kind"], e["source"], e["target"], e.get("type"), str(e.get("since")))
    la, lb = (sorted(x["links"], key=key) for x in (a, b))
    if not same(la, lb):
        errors.append("json: links differ")
    if a["graph"] != b["graph"] or a["directed"] != b["directed"]:
        errors.append("json: graph header differs")
    again = os.path.join(work, name + "-again")
    shutil.rmtree(again, ignore_errors=True)
    run([partnet, "export", "--quiet", "--to", "csv", *extra, "-o", again, imported])
    for sheet in ("sources.csv", "themes.csv", "network.csv"):
        with open(os.path.join(sheets, sheet), "rb") as f1, open(os.path.join(again, sheet), "rb") as f2:
            if f1.read() != f2.read():
                errors.append(f"{sheet} differs after the round trip")
    return [f"{name}: {e}" for e in errors]


def main():
    partnet, net, work = sys.argv[1:4]
    plant = "--plant" in sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    variants = [("comma", []), ("semicolon-decimal-comma", ["--decimal-comma"]),
                ("tab", ["--csv-sep", "tab"])]
    errors = []
    if "--one" in sys.argv[4:]:
        variants = variants[1:2]
    for name, extra in variants[:1] if plant else variants:
        errors += check(partnet, net, work, name, extra, plant)
    if plant:
        if not errors:
            print("the planted weight change was NOT caught")
            sys.exit(1)
        print(f"planted defect caught: {errors[0]}")
        sys.exit(0)
    for e in errors:
        print(e)
    print(f"{net}: {len(variants)} round trips, {len(errors)} problems")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
