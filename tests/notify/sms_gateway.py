"""A stand-in for an SMS gateway, run as its own process: it takes the JSON POSTs the sender
makes, delivers each message once per idempotency key (a repeat gets the first answer and
texts nobody), and keeps what it delivered in a JSON-lines file the test reads.

Control (for tests): POST /_control {"fail": N} answers the next N messages with 500;
{"hold": true} holds the answer to the next message after delivering it (GET /_state then says
"holding") until POST /_release. Usage: python sms_gateway.py PORT DELIVERED.jsonl"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

state: dict[str, Any] = {"fail": 0, "hold": False, "holding": False, "requests": 0}
answers: dict[str, dict[str, Any]] = {}  # idempotency key -> the answer first given
lock = threading.Lock()
released = threading.Event()


class Gateway(BaseHTTPRequestHandler):
    delivered: Path

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self) -> None:
        with lock:
            self._answer(200, {k: v for k, v in state.items()})

    def do_POST(self) -> None:
        body = self._body()
        if self.path == "/_control":
            with lock:
                state.update(body)
                released.clear()
            return self._answer(200, {})
        if self.path == "/_release":
            released.set()
            return self._answer(200, {})
        self._send(body)

    def _send(self, body: dict[str, Any]) -> None:
        key = self.headers.get("Idempotency-Key") or body.get("client_ref") or ""
        with lock:
            state["requests"] += 1
            if self.headers.get("Authorization") != "Bearer s3cret":
                return self._answer(401, {"error": "bad token"})
            if state["fail"] > 0:
                state["fail"] -= 1
                return self._answer(500, {"error": "gateway overloaded"})
            if key in answers:  # a repeat: the customer already has this one
                return self._answer(200, answers[key])
            answer = {"id": f"gw-{len(answers) + 1}", "status": "queued"}
            answers[key] = answer
            with self.delivered.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"key": key, "to": body["to"], "text": body["text"]}) + "\n")
            hold = state["hold"]
            if hold:
                state["hold"], state["holding"] = False, True
        if hold:  # delivered, but the sender never hears so: the crash window
            released.wait(60)
        self._answer(200, answer)


def main() -> None:
    port, delivered = int(sys.argv[1]), Path(sys.argv[2])
    Gateway.delivered = delivered
    delivered.touch()
    server = ThreadingHTTPServer(("127.0.0.1", port), Gateway)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
