"""Where a build's time went, from a py-spy profile of all its processes.

    py-spy record -r 200 --subprocesses -f raw -o build.txt -- python -m blogforge build
    python tools/profile_summary.py build.txt                    # every process together
    python tools/profile_summary.py build.txt --process main     # the building process alone
    python tools/profile_summary.py build.txt --under post_page  # the stacks through a function

Prints the samples of each process (named by the blogforge functions that forked it), then
self and inclusive samples by module and by function. A function is counted once per stack
for its inclusive share, however deep it recurses.

py-spy counts a process that is ready to run but waiting for a core, and one blocked writing
a file, as busy: on a loaded machine the shares follow wall time, not CPU. Compare shares
within one profile; measure CPU or instructions to compare two builds.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# "function (file:line)", as py-spy's raw format writes a frame
_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")
# where a library's or blogforge's own path starts to say something
_PATH_MARKERS = ("site-packages/", "/src/", "lib/python3")


@dataclass(frozen=True)
class Stack:
    process: str  # the pid of the process the stack was sampled in
    frames: list[tuple[str, str]]  # (function, module file), outermost first
    samples: int


def read_stacks(profile: Path) -> Iterator[Stack]:
    """The stacks of a raw profile; with --subprocesses each begins with its process and the
    processes it was forked from, the innermost of which took the sample."""
    with profile.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            names = stack.split(";")
            processes = [name for name in names if name.startswith("process ")]
            process = processes[-1].split(":")[0].removeprefix("process ") if processes else "?"
            frames = [_frame(name) for name in names if not name.startswith("process ")]
            yield Stack(process, frames, int(count))


def _frame(name: str) -> tuple[str, str]:
    found = _FRAME.match(name)
    if found is None:
        return name, "?"
    path = found["file"]
    for marker in _PATH_MARKERS:
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return found["function"], path


def process_roles(stacks: list[Stack]) -> dict[str, str]:
    """Each process named by the innermost blogforge functions of the stack it was forked
    at (the frames all its samples begin with), "main" for the process the command started."""
    shared: dict[str, list[tuple[str, str]]] = {}
    for stack in stacks:
        before = shared.get(stack.process)
        if before is None:
            shared[stack.process] = list(stack.frames)
            continue
        same = 0
        while same < min(len(before), len(stack.frames)) and before[same] == stack.frames[same]:
            same += 1
        del before[same:]
    roles = {pid: " > ".join([function for function, module in frames
                              if module.startswith("blogforge/")][-4:])
             for pid, frames in shared.items()}
    # (the one whose samples share the fewest frames: forked by none of the others)
    main_pid = min(shared, key=lambda pid: len(shared[pid]), default=None)
    if main_pid is not None:
        roles[main_pid] = "main"
    return roles


def summary(stacks: list[Stack], top: int) -> list[str]:
    total = sum(stack.samples for stack in stacks) or 1
    by_process: Counter[str] = Counter()
    self_by: dict[str, Counter] = {"module": Counter(), "function": Counter()}
    inclusive_by: dict[str, Counter] = {"module": Counter(), "function": Counter()}
    for stack in stacks:
        by_process[stack.process] += stack.samples
        if stack.frames:
            function, module = stack.frames[-1]
            self_by["module"][module] += stack.samples
            self_by["function"][f"{function} ({module})"] += stack.samples
        for module in {module for _, module in stack.frames}:
            inclusive_by["module"][module] += stack.samples
        for function, module in set(stack.frames):
            inclusive_by["function"][f"{function} ({module})"] += stack.samples
    roles = process_roles(stacks)
    lines = [f"{total:,} samples", "", "== by process"]
    lines += [f"{100 * n / total:5.1f}% {n:7,} {pid:>7} {roles.get(pid, '')}"
              for pid, n in by_process.most_common()]
    for title, table in (("self by module", self_by["module"]),
                         ("inclusive by module", inclusive_by["module"]),
                         ("self by function", self_by["function"]),
                         ("inclusive by function", inclusive_by["function"])):
        lines += ["", f"== {title}"]
        lines += [f"{100 * n / total:5.1f}% {name}" for name, n in table.most_common(top)]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path, help="py-spy record -f raw output")
    parser.add_argument("--top", type=int, default=40, help="rows of each table")
    parser.add_argument("--process", help="only this pid's samples; 'main': the command's")
    parser.add_argument("--under", help="only stacks through a function whose name holds this")
    args = parser.parse_args()
    stacks = list(read_stacks(args.profile))
    if args.process:
        wanted = args.process
        if wanted == "main":
            wanted = next((pid for pid, role in process_roles(stacks).items()
                           if role == "main"), "")
        stacks = [stack for stack in stacks if stack.process == wanted]
    if args.under:
        stacks = [stack for stack in stacks
                  if any(args.under in function for function, _ in stack.frames)]
    print("\n".join(summary(stacks, args.top)))


if __name__ == "__main__":
    main()
