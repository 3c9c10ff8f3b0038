#!/usr/bin/python3
"""A 50 MB scalar is refused while it is read (issue 13): the error names its place, and
the peak memory stays near the file's own size (before: 166 MB for a 50 MB file, as
libyaml copied and grew the whole scalar before the 64 KiB check). A file of long
comments is not mistaken for one. Usage: big_scalar.py PARTNET WORK_DIR"""
import os, resource, subprocess, sys

partnet, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
big = os.path.join(work, "big.yaml")
with open(big, "w") as f:  # in chunks: a forked child counts the parent's pages
    f.write("institutions:\n  - id: a\n    name: ")
    chunk = "x" * 1_000_000
    for _ in range(50):
        f.write(chunk)
    f.write("\n    type: university\n")
comments = os.path.join(work, "comments.yaml")
with open(comments, "w") as f:
    f.write("# " + "c" * 200_000 + "\n" + "".join("# line %d\n" % i for i in range(20_000)))
    f.write("institutions:\n  - id: a\n    name: A  # " + "z" * 100_000 + "\n    type: university\n")
fail = []
r = subprocess.run([partnet, "validate", big], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
want = big + ":3:11: error: string longer than the limit of 65536 bytes\n"
if r.returncode != 1 or r.stderr != want:
    fail.append("50 MB scalar: exit %d, %r" % (r.returncode, r.stderr[:200]))
if peak > 100:  # 81 MB under ASan+UBSan (shadow memory), 55 MB plain; 166 MB before the fix
    fail.append("50 MB scalar: peak %d MB (the file is 48 MB)" % peak)
r = subprocess.run([partnet, "validate", comments], capture_output=True, text=True)
if r.returncode != 0:
    fail.append("long comments refused: %r" % r.stderr[:200])
os.remove(big)
print("\n".join("FAIL: " + x for x in fail) or "ok: refused while reading, peak %d MB" % peak)
sys.exit(1 if fail else 0)
