"""nginx from Debian, run by a test as an unprivileged process on high ports, with the shipped
site file (deploy/nginx/dispatch.conf) and a certificate made for the test."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .units import NGINX_SITE, PORT, replaced

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")
UNPRIVILEGED = "nobody"  # who nginx runs as when the tests run as root (CI)
MAIN = """daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/dispatch.conf;
}}
"""


def missing() -> str | None:
    if NGINX is None:
        return "nginx is not installed (apt-get install nginx; .ci/run does)"
    if OPENSSL is None:
        return "openssl is not installed (apt-get install openssl)"
    return None


@dataclass
class Proxy:
    https: str  # https://127.0.0.1:PORT
    http: str
    certificate: Path  # the CA a client trusts: the self-signed certificate itself
    error_log: Path


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, made now."""
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [str(OPENSSL), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=dispatch.test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@contextlib.contextmanager
def work_folder(tmp_path: Path) -> Iterator[tuple[Path, dict[str, object]]]:
    """Where nginx keeps its files, and how to start it: in tmp_path as the user running the
    tests; as root, in a folder of its own that `nobody` owns, nginx running as `nobody`
    (pytest's folders are closed to other users)."""
    if os.geteuid() != 0:
        yield tmp_path, {}
        return
    who = pwd.getpwnam(UNPRIVILEGED)
    work = Path(tempfile.mkdtemp(prefix="dispatch-nginx-"))
    try:
        os.chown(work, who.pw_uid, who.pw_gid)
        yield work, {"user": who.pw_uid, "group": who.pw_gid, "extra_groups": []}
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def nginx_in_front(tmp_path: Path, server_port: int) -> Iterator[Proxy]:
    """nginx with the shipped site, its ports, certificate and upstream changed for the test."""
    https, http = free_ports(2)
    with work_folder(tmp_path) as (work, run_as):
        cert, key = self_signed(work)
        site = replaced(NGINX_SITE.read_text(), {
            "    listen 443 ssl;": f"    listen 127.0.0.1:{https} ssl;",
            "    listen [::]:443 ssl;\n": "",  # not every test machine has IPv6
            "    listen 80;": f"    listen 127.0.0.1:{http};",
            "    listen [::]:80;\n": "",
            "/etc/ssl/dispatch/fullchain.pem": str(cert),
            "/etc/ssl/dispatch/privkey.pem": str(key),
            f"server 127.0.0.1:{PORT};": f"server 127.0.0.1:{server_port};",
        })  # fmt: skip
        (work / "dispatch.conf").write_text(site)
        (work / "nginx.conf").write_text(MAIN.format(work=work))
        for path in work.iterdir():
            if "user" in run_as:
                os.chown(path, int(str(run_as["user"])), int(str(run_as["group"])))
        command = [str(NGINX), "-p", str(work), "-e", str(work / "error.log"),
                   "-c", str(work / "nginx.conf")]  # fmt: skip
        checked = subprocess.run(
            [*command, "-t"], capture_output=True, text=True, timeout=60, check=False,
            **run_as,  # type: ignore[call-overload]
        )  # fmt: skip
        assert checked.returncode == 0, checked.stderr
        process = subprocess.Popen(command, stderr=subprocess.PIPE, **run_as)  # type: ignore[call-overload]
        try:
            _wait_for(https, process)
            yield Proxy(f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}", cert,
                        work / "error.log")  # fmt: skip
        finally:
            process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            if process.stderr is not None:
                process.stderr.close()


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port}")
