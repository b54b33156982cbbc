"""Order notifications: subscriptions, a webhook receiver, and waiting without polling.

Bandwidth recommends subscriptions over polling: the Dashboard POSTs a
``<Notification>`` to your URL when an order or disconnect finishes. This package is
the client side of that:

* :class:`Receiver` — a listener beside the kernel (its own thread and IOLoop);
* :class:`Notification`, :class:`Subscription` — what arrives, what is subscribed;
* ``V2Client.subscribe / subscriptions / unsubscribe`` and
  ``wait_for_order(..., notifications=receiver, safety_net=(5, 30))`` delegate to
  :mod:`.subscribe` and :mod:`.waiting`.

``import numkit.notifications`` stays light: Tornado loads when a Receiver starts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .models import Notification, Subscription, parse_notification, parse_subscriptions

__all__ = [
    "Notification",
    "Receiver",
    "Subscription",
    "parse_notification",
    "parse_subscriptions",
]


def __getattr__(name: str) -> Any:
    if name == "Receiver":
        value = importlib.import_module("numkit.notifications.receiver").Receiver
        globals()[name] = value
        return value
    raise AttributeError(f"module 'numkit.notifications' has no attribute {name!r}")


if TYPE_CHECKING:
    from .receiver import Receiver
