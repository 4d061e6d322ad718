"""The one error mechanism: vendors raise exceptions, each vendor renders its own envelope.

A vendor's `errors.py` subclasses `VendorError` and provides a renderer; `create_app`
registers that renderer for the vendor's blueprint, and sends routing errors (404/405) under
the vendor's prefix to the same vendor so they come back in its own shape.
"""
from __future__ import annotations


class VendorError(Exception):
    """Base of every error a vendor answers with; `status` is the HTTP status."""

    status = 400

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class ControlError(Exception):
    """An error of the /_sim/ control plane: JSON `{"error": message}`."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
