"""Notes on orders and disconnects: ``/orders/{id}/notes`` and ``/disconnects/{id}/notes``.

``UserId`` must be the logged-in V2 user (12502); the description is 1 to 500 characters.
"""

from __future__ import annotations

import time

from ..base import BadBody
from ..store import OrderRow
from ..timefmt import iso
from ..xmlio import el, sub, text
from .base import V2Handler, status_answer

__all__ = ["Notes"]


class Notes(V2Handler):
    def _order(self, kind: str, order_id: str) -> OrderRow:
        return self.load_order(order_id, "order" if kind.lower() == "orders" else "disconnect")

    def get(self, account: str, kind: str, order_id: str) -> None:
        order = self._order(kind, order_id)
        notes = self.world.store.notes(order.id)
        if not notes:
            self.send_empty(204)
            return
        root = el("Notes")
        for note_id, user, description, at in notes:
            n = sub(root, "Note")
            sub(n, "Id", note_id)
            sub(n, "UserId", user)
            sub(n, "Description", description)
            sub(n, "LastDateModifier", iso(at))
        self.send_xml(200, root)

    def post(self, account: str, kind: str, order_id: str) -> None:
        order = self._order(kind, order_id)
        try:
            root = self.xml_body()
        except BadBody as err:
            raise status_answer(400, "NoteResponse", "12500", f"Invalid XML: {err}") from None
        user = text(root, "UserId")
        description = text(root, "Description")
        problem: tuple[str, str] | None = None
        if not user:
            problem = ("12501", "Username is required")
        elif user != self.customer.creds.v2_username:
            problem = ("12502", f"UserId {user} must be the logged-in user")
        elif not description:
            problem = ("12503", "Description is required")
        elif len(description) > 500:
            problem = ("12504", "Description must be 500 characters or fewer")
        if problem is not None:
            raise status_answer(400, "NoteResponse", *problem)
        note_id = self.world.store.add_note(order.id, user or "", description or "", time.time())
        location = self.account_url(f"/{kind}/{order.id}/notes/{note_id}")
        self.send_empty(201, Location=location)
