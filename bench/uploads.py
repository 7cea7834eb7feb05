"""The server's memory under concurrent attachments (issue 22): 16 clients each attach a 10 MB
file at the same moment through the API (JSON with base64, as the console and the technician's
page send it) to a real dispatch-server process on SQLite; its resident memory is sampled every
20 ms. Reported: RSS before, the peak during, and RSS settled 5 s after the last answer.

Both ways in the same run: the code of `--baseline` (default: the last commit that read uploads
whole, checked out into a temporary git worktree) and this checkout (streamed to disk, photos
decoded two at a time). Two kinds of file: a 10 MB JPEG (noise, ~10 MP: the most pixels a 10 MB
photo carries) and a 10 MB PDF (stored as it is).

    python bench/uploads.py [--clients 16] [--mb 10] [--baseline COMMIT] [--kinds photo,pdf]
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import requests
from PIL import Image

from _common import write_json
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "28ec505"  # main before the streamed uploads: the whole body read into memory
SETTLE_S = 5.0


def files(kind: str, clients: int, mb: float) -> list[bytes]:
    """`clients` different files of about `mb` MB each."""
    size = int(mb * 1_000_000)
    if kind == "pdf":
        return [b"%PDF-1.7\n" + os.urandom(size - 20) + b"\n%%EOF\n" for _ in range(clients)]
    rng = np.random.default_rng(7)
    side = int((size / 1.0) ** 0.5)  # noise at quality 90 costs about one byte a pixel
    out = []
    for _ in range(clients):
        pixels = rng.integers(0, 256, (side * 3 // 4, side * 4 // 3, 3), dtype=np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=90)
        out.append(buffer.getvalue())
    return out


def tiny() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "JPEG")
    return buffer.getvalue()


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith(field)).split()[1])


@contextmanager
def server(src: Path, folder: Path) -> Iterator[tuple[str, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "dispatch_console.server.main", "--database",
         f"sqlite:///{folder / 'bench.sqlite3'}", "--port", str(port), "--test-mode"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(src)},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(url + "/healthz", timeout=5).ok:
                break
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError((folder / "server.log").read_text()) from None
            time.sleep(0.2)
    try:
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def measure(url: str, pid: int, payloads: list[bytes], kind: str) -> dict[str, Any]:
    token = requests.post(url + "/_test/token", json={"name": "alice", "role": "agent"},
                          timeout=30).json()["token"]  # fmt: skip
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    desk = RestBackend(url, token, Actor("alice", "agent"))
    ticket = desk.create_ticket(TicketDraft("phone", "printer", "normal", "bench"))
    desk.close()
    where = f"{url}/api/v1/tickets/{ticket.id}/attachments"
    name = "scan.pdf" if kind == "pdf" else "photo.jpg"
    bodies = [json.dumps({"filename": name, "data": base64.b64encode(p).decode()}).encode()
              for p in payloads]  # fmt: skip
    warm = {"filename": "warm.jpg", "data": base64.b64encode(tiny()).decode()}
    requests.post(where, json=warm, headers=auth, timeout=60).raise_for_status()  # imports
    time.sleep(1.0)
    before = rss_kib(pid)
    peak, done = before, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kib(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = threading.Barrier(len(bodies))

    def send(body: bytes) -> int:
        start.wait()
        return requests.post(where, data=body, headers=auth, timeout=600).status_code

    began = time.monotonic()
    with ThreadPoolExecutor(len(bodies)) as pool:
        statuses = list(pool.map(send, bodies))
    took = time.monotonic() - began
    time.sleep(SETTLE_S)
    done.set()
    sampler.join()
    settled = rss_kib(pid)
    return {
        "kind": kind, "clients": len(bodies),
        "file_mb": round(sum(map(len, payloads)) / len(payloads) / 1e6, 2),
        "statuses": sorted(set(statuses)), "seconds": round(took, 1),
        "rss_before_mb": round(before / 1024), "rss_peak_mb": round(peak / 1024),
        "rss_settled_mb": round(settled / 1024), "peak_growth_mb": round((peak - before) / 1024),
    }  # fmt: skip


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--mb", type=float, default=10.0)
    p.add_argument("--baseline", default=BASELINE, help="commit of the old way ('' to skip)")
    p.add_argument("--kinds", default="photo,pdf")
    args = p.parse_args()
    kinds = args.kinds.split(",")
    payloads = {k: files(k, args.clients, args.mb) for k in kinds}
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as tmp:
        ways = [("streamed", ROOT / "src")]
        if args.baseline:
            old = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old),
                            args.baseline], check=True, capture_output=True)  # fmt: skip
            ways.insert(0, ("whole body in memory", old / "src"))
        try:
            for way, src in ways:
                for kind in kinds:
                    folder = Path(tempfile.mkdtemp(dir=tmp))
                    with server(src, folder) as (url, pid):
                        row = {"way": way, **measure(url, pid, payloads[kind], kind)}
                    results.append(row)
                    print(json.dumps(row, ensure_ascii=False), flush=True)
        finally:
            if args.baseline:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(Path(tmp) / "baseline")], check=False)  # fmt: skip
    write_json("uploads", {"baseline": args.baseline, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
