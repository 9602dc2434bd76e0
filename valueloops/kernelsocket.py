"""The kernel's messages reach the browser at once: the course's kernel websocket connection.

Jupyter Server writes each kernel message to the browser's websocket with Nagle's algorithm on
(no ``TCP_NODELAY``). A message the kernel sends on its own, after it has said it is idle (the
frame player's picture of a slider step, :class:`valueloops.widgets.FramePlayer`), then waits in
the server's socket until the browser acknowledges the message before it, which the browser
delays by up to 40 ms. Measured in JupyterLab and Chromium on one machine (issue 24), kernel send
to the browser's websocket: 35–45 ms for a 21 KB picture without, 2–13 ms with this connection.

This module is a Jupyter Server extension that puts the connection in place;
:func:`valueloops.lab.write_lab_settings` enables it in the server's configuration
(:data:`SERVER_CONFIG`), so ``start.py lab``, the tests, Binder and the hub all use it.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

SERVER_CONFIG = {"ServerApp": {"jpserver_extensions": {"valueloops.kernelsocket": True}}}
"""Jupyter Server configuration (``jupyter_server_config.d/valueloops.json``) that enables it."""


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel websocket connection, sending each message as soon as it is written
    (``TCP_NODELAY`` on the browser's socket)."""

    def connect(self):  # noqa: ANN201 - as the base class (a Future or None)
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "valueloops.kernelsocket"}]


def _load_jupyter_server_extension(serverapp) -> None:  # noqa: ANN001 - Jupyter's ServerApp
    """Use :class:`PromptKernelConnection` for kernel websockets, unless the server was configured
    with a connection of its own (a gateway, say)."""
    settings = serverapp.web_app.settings
    if settings.get("kernel_websocket_connection_class") is ZMQChannelsWebsocketConnection:
        settings["kernel_websocket_connection_class"] = PromptKernelConnection
