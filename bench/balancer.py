"""haproxy in front of several app nodes on 127.0.0.1: for make bench and make cluster-test."""

from __future__ import annotations

import subprocess
from pathlib import Path

CONFIG = """
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch
    option http-keep-alive
frontend web
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    option forwardfor
    option httpchk
    http-check send meth GET uri /healthz hdr Host 127.0.0.1
{servers}
"""


def start_haproxy(port: int, node_ports: list[int], folder: Path) -> subprocess.Popen:
    """haproxy on `port`, round robin over the nodes, each checked on /healthz every 0.3 s
    (two failures take a node out); a request a dead node refuses is sent to another."""
    servers = "\n".join(
        f"    server node{n} 127.0.0.1:{node} check inter 300 fall 2 rise 1"
        for n, node in enumerate(node_ports)
    )
    config = folder / "haproxy.cfg"
    config.write_text(CONFIG.format(port=port, servers=servers))
    return subprocess.Popen(
        ["haproxy", "-f", str(config), "-db"],
        stdout=(folder / "haproxy.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
