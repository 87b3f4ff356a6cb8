"""Readings of this machine at the edges of a phase, from /proc: how much processor time the
server's processes (gunicorn, its workers and their PDF render processes) and the whole machine
used, and the load average. Linux only."""

import os
import resource
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Reading:
    client_cpu_s: float  # this process (the load client)
    server_cpu_s: float  # the gunicorn master and every process under it
    machine_busy_s: float  # every core, not idle
    machine_total_s: float  # every core

    def since(self, earlier: "Reading") -> "Reading":
        return Reading(*(now - then for now, then in zip(_fields(self), _fields(earlier), strict=True)))


def _fields(reading: Reading) -> tuple[float, ...]:
    return (reading.client_cpu_s, reading.server_cpu_s, reading.machine_busy_s, reading.machine_total_s)


def read(server_pid: int | None) -> Reading:
    own = resource.getrusage(resource.RUSAGE_SELF)
    busy, total = _machine_times()
    return Reading(own.ru_utime + own.ru_stime, _tree_cpu_s(server_pid) if server_pid else 0.0, busy, total)


def load_1m() -> float:
    return os.getloadavg()[0]


def _machine_times() -> tuple[float, float]:
    # cpu  user nice system idle iowait irq softirq steal ...
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / _TICKS, sum(values) / _TICKS


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, user + system seconds) of a process, or None if it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()  # the name, in brackets, may hold spaces
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def _tree_cpu_s(root: int) -> float:
    stats = {int(pid): stat for pid in os.listdir("/proc") if pid.isdigit() and (stat := _stat(pid))}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, waiting = 0.0, [root]
    while waiting:
        pid = waiting.pop()
        if pid in stats:
            total += stats[pid][1]
        waiting += children.get(pid, [])
    return total
