"""A small TCP proxy that tests cut or make hang, in front of a real PostgreSQL or Redis.

    with TcpProxy("127.0.0.1", 5432) as proxy:
        url = f"postgres://postgres@127.0.0.1:{proxy.port}/db"
        ...
        proxy.hang()      # connections stay open, but no byte goes either way
        proxy.cut()       # every connection closed, new ones refused (closed port)
        proxy.forward()   # back to normal, for new connections

A hanging proxy is what a partition or a stuck failover looks like from the app: the
socket is open, the kernel acknowledges what is sent, and no answer ever comes. Only a
deadline of the client's own ends the wait. Everything runs on daemon threads and stops
with the block; every wait in here is bounded.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading

FORWARD, HANG, CUT = "forward", "hang", "cut"


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode = FORWARD
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self.port = 0

    # Control ---------------------------------------------------------------------------
    def forward(self) -> None:
        self._set_mode(FORWARD)
        self._listen()

    def hang(self) -> None:
        self._set_mode(HANG)

    def cut(self) -> None:
        """Close every connection and stop listening, as if the service had gone."""
        self._set_mode(CUT)
        self._close_listener()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    # Lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> TcpProxy:
        self._listen()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopped.set()
        self.cut()

    def _set_mode(self, mode: str) -> None:
        with self._lock:
            self.mode = mode

    def _listen(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # After a cut the proxy comes back on the same port, as a restarted service would.
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopped.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)
            return
        with self._lock:
            if self.mode == CUT:
                _close(client)
                _close(upstream)
                return
            self._sockets.update((client, upstream))
        peers = {client: upstream, upstream: client}
        try:
            while not self._stopped.is_set():
                with self._lock:
                    if client not in self._sockets:
                        return
                    hanging = self.mode == HANG
                if hanging:
                    # Read nothing, send nothing: the bytes wait in the kernel's buffers.
                    self._stopped.wait(0.1)
                    continue
                readable, _, _ = select.select(list(peers), [], [], 0.1)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            with self._lock:
                self._sockets.discard(client)
                self._sockets.discard(upstream)
            _close(client)
            _close(upstream)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
