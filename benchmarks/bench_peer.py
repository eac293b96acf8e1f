"""Time regionreport's builds side by side with the Typst + matplotlib peer (issue 13).

Run from the checkout after `python build.py` (which writes the sample workbook), with the
peer set up as /work/shared/bench/peers/README.md says (typst and matplotlib in their own
virtual environment):

    python benchmarks/bench_peer.py [--runs 5] [--peer-python ~/.peers-venv/bin/python]
                                    [--peers /work/shared/bench/peers] [--no-bytecode-cache]

Each round runs, one after the other in fresh processes: a cold build of
layouts/jonkoping-2015.toml on the sample workbook (empty cache: the workbook parsed, every
chart drawn), the peer's `ty_report.py OUT.pdf --charts svg` (a report of the same anatomy:
59 pages, 15 charts), and a rebuild after a prose edit (warm cache). The ratios are taken
within a round (cold ÷ peer, rebuild ÷ peer), so that a machine busy with other work slows
both sides of a ratio alike; the medians over the rounds are printed as a Markdown table for
docs/performance.md, with wall time, CPU time (user + system) and peak memory of each process.
Both sides keep their compiled bytecode between processes, as Python does by default (in a
folder of the run); ``--no-bytecode-cache`` compiles every module in every process, as a
machine with PYTHONDONTWRITEBYTECODE=1 does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent
LAYOUT = HOME / "layouts" / "jonkoping-2015.toml"
SAMPLE = HOME / "out" / "sample-oj-ekonomiskt-bistand-2015.xlsx"


def timed(command: list[str], cwd: Path | None = None,
          env: dict | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one process (its own rusage, by wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{error}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer-python", default=str(Path.home() / ".peers-venv/bin/python"))
    parser.add_argument("--peers", default="/work/shared/bench/peers")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="run as PYTHONDONTWRITEBYTECODE=1 leaves Python: every module "
                             "compiled again in every process")
    args = parser.parse_args()
    load = os.getloadavg()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE} is missing: run `python build.py` first")
    peers = Path(args.peers)
    if not (peers / "ty_report.py").exists() or not Path(args.peer_python).exists():
        sys.exit(f"the peer is missing: {peers}/ty_report.py run by {args.peer_python} "
                 "(see the README beside it)")
    work = Path(tempfile.mkdtemp(prefix="regionreport-peer-"))
    layout = work / LAYOUT.name
    shutil.copy(LAYOUT, layout)
    shutil.copytree(LAYOUT.parent / LAYOUT.stem, work / LAYOUT.stem)
    prose = work / LAYOUT.stem / "inledning.md"
    output, cache = work / "report.pdf", work / ".cache"
    build = [sys.executable, "-m", "regionreport.cli", "build", str(layout), "-o", str(output),
             "--data", str(SAMPLE)]
    peer = [args.peer_python, "ty_report.py", str(work / "peer.pdf"), "--charts", "svg"]
    # Both sides run as a user's Python does: modules compiled once and kept (here in a
    # folder of this run, so the checkout stays clean; PYTHONDONTWRITEBYTECODE=1 of a
    # sandbox would compile every module in every process, 0.2-0.3 s of each build)
    env = dict(os.environ)
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    rounds = []
    try:
        timed(peer, peers, env)   # warm-up: font caches, bytecode, the OS's file cache
        shutil.rmtree(cache, ignore_errors=True)
        timed(build, env=env)
        for run in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold = timed(build, env=env)
            typst = timed(peer, peers, env)
            prose.write_text(prose.read_text(encoding="utf-8") + f"\nÄndring {run}.\n",
                             encoding="utf-8")
            rebuild = timed(build, env=env)
            rounds.append((cold, typst, rebuild))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(index: int, field: int) -> float:
        return statistics.median(r[index][field] for r in rounds)

    cold_ratio = statistics.median(r[0][0] / r[1][0] for r in rounds)
    rebuild_ratio = statistics.median(r[2][0] / r[1][0] for r in rounds)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.runs} "
          f"rounds (cold, peer, rebuild), medians; bytecode "
          f"{'compiled in every process' if args.no_bytecode_cache else 'kept'}; load "
          f"average before: {', '.join(f'{x:.1f}' for x in load)}\n")
    print("| build | wall s | CPU s | peak MiB | ÷ peer wall (per round) |")
    print("|---|---|---|---|---|")
    for index, name, ratio in ((1, "Typst + matplotlib peer (ty_report.py --charts svg)", None),
                               (0, "regionreport cold (empty cache)", cold_ratio),
                               (2, "regionreport rebuild after a prose edit", rebuild_ratio)):
        shown = f"{ratio:.2f}" if ratio is not None else "1"
        print(f"| {name} | {median(index, 0):.2f} | {median(index, 1):.2f} | "
              f"{median(index, 2):.0f} | {shown} |")
    print("\nRatios per round: cold " + ", ".join(f"{r[0][0] / r[1][0]:.2f}" for r in rounds)
          + "; rebuild " + ", ".join(f"{r[2][0] / r[1][0]:.2f}" for r in rounds))


if __name__ == "__main__":
    main()
