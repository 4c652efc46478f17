"""A Jupyter Server extension that makes the live explorers answer without a 40 ms stall.

Jupyter Server writes a kernel's messages to the browser over a Tornado websocket and
never sets ``TCP_NODELAY`` on it. Each move of an explorer's slider makes the kernel send
several small messages in a row (busy, the slider's echo, the new image, idle); with
Nagle's algorithm on, every message after the first waits for the browser's ACK of the
one before, and the browser delays its ACKs by up to 40 ms. Measured on this project's
machine, key press to new image for an image the kernel sends without drawing it: a
median of 53 ms with Jupyter Server's default, 19 ms with this extension.

The extension swaps Jupyter Server's default kernel websocket connection for
:class:`NoDelayKernelWebsocketConnection`, the same class with the flag set once the
websocket opens (Tornado's documented remedy, ``WebSocketHandler.set_nodelay``). A
server configured with a connection class of its own (a gateway, say) is left alone.

Installing the package enables it, through
``etc/jupyter/jupyter_server_config.d/crossentropy-book.json``::

    {"ServerApp": {"jpserver_extensions": {"crossentropy.book.jupyter_server": true}}}

``jupyter server extension disable crossentropy.book.jupyter_server`` switches it off.
An editable install of this repository does not install that file; there,
``JUPYTER_CONFIG_PATH=jupyter-config`` (from the repository's root) makes Jupyter Server
read the same file.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.connection.channels import (
    ZMQChannelsWebsocketConnection,
)

__all__ = ["NoDelayKernelWebsocketConnection"]

SETTING = "kernel_websocket_connection_class"


class NoDelayKernelWebsocketConnection(ZMQChannelsWebsocketConnection):  # type: ignore[misc]
    """Jupyter Server's kernel websocket connection, with ``TCP_NODELAY`` on its socket."""

    def connect(self) -> Any:  # Jupyter Server's own classes disagree on the return type
        """Switch Nagle's algorithm off for this websocket, then connect as usual."""
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "crossentropy.book.jupyter_server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    settings = serverapp.web_app.settings
    if settings.get(SETTING) is ZMQChannelsWebsocketConnection:
        settings[SETTING] = NoDelayKernelWebsocketConnection
        serverapp.log.info("crossentropy: kernel websockets send without Nagle's delay")
    else:
        serverapp.log.info(f"crossentropy: {SETTING} is configured; left as it is")
