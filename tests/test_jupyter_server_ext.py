"""The Jupyter Server extension that switches Nagle's algorithm off for kernel websockets."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from crossentropy.book import jupyter_server as ext

ROOT = Path(__file__).resolve().parent.parent


def fake_server(connection_class):
    settings = {"kernel_websocket_connection_class": connection_class}
    return SimpleNamespace(web_app=SimpleNamespace(settings=settings), log=logging.getLogger())


def test_it_replaces_the_default_connection_class():
    server = fake_server(ZMQChannelsWebsocketConnection)
    ext._load_jupyter_server_extension(server)
    chosen = server.web_app.settings["kernel_websocket_connection_class"]
    assert chosen is ext.NoDelayKernelWebsocketConnection
    assert issubclass(chosen, ZMQChannelsWebsocketConnection)


def test_it_leaves_a_configured_connection_class_alone():
    class Custom(ZMQChannelsWebsocketConnection):
        pass

    server = fake_server(Custom)
    ext._load_jupyter_server_extension(server)
    assert server.web_app.settings["kernel_websocket_connection_class"] is Custom


def test_connect_sets_nodelay_before_connecting(monkeypatch):
    calls = []
    monkeypatch.setattr(
        ZMQChannelsWebsocketConnection, "connect", lambda self: calls.append("connect") or "ok"
    )

    class Probe(ext.NoDelayKernelWebsocketConnection):
        websocket_handler = SimpleNamespace(
            set_nodelay=lambda flag: calls.append(("nodelay", flag))
        )

    assert Probe.__new__(Probe).connect() == "ok"
    assert calls == [("nodelay", True), "connect"]


def test_the_config_file_enables_this_extension():
    config = ROOT / "jupyter-config" / "jupyter_server_config.d" / "crossentropy-book.json"
    enabled = json.loads(config.read_text())["ServerApp"]["jpserver_extensions"]
    assert enabled == {ext.__name__: True}
    assert ext._jupyter_server_extension_points() == [{"module": ext.__name__}]
