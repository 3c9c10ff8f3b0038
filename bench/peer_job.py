"""What the peers of `partnet analyse` share (bench/gt_job.py, bench/pyigraph_job.py): the
bench/gen.py --edges file, read, and the timed run of their seven calls, one "step" line
each and the "TOTAL wall=S cpu=S" line. Not part of the test suite."""
import time


def read_edges(path):
    """n and the list of (a, b, weight) of a bench/gen.py --edges file."""
    with open(path) as f:
        n, m = map(int, f.readline().split())
        for _ in range(n):
            f.readline()
        edges = []
        for _ in range(m):
            a, b, w = f.readline().split()
            edges.append((int(a), int(b), float(w)))
    return n, edges


def run_steps(steps):
    """Each (name, call) timed in turn, then the total."""
    tw, tc = time.perf_counter(), time.process_time()
    for name, call in steps:
        w0, c0 = time.perf_counter(), time.process_time()
        call()
        print("step %-12s wall=%.3f cpu=%.3f" % (name, time.perf_counter() - w0, time.process_time() - c0))
    print("TOTAL wall=%.3f cpu=%.3f" % (time.perf_counter() - tw, time.process_time() - tc))
