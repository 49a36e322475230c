"""Websites, store groups, store views and store configs of the twin's store (pure).

Magento installs website 0 ``admin``, group 0 ``default`` and store 0 ``admin`` beside the first
website ``base`` (``Main Website``), its group ``main_website_store`` (root category 2) and the store
view ``default`` (``InitializeStoresAndWebsites``). The repositories' ``getList`` include the admin
scope; store configs do not (the store collection leaves out store 0). Config values come from
``store.config_defaults``; base URLs are the twin's own host.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockgate.twins.magento.state import Inventory

ADMIN_WEBSITE = {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0}
ADMIN_GROUP = {"id": 0, "website_id": 0, "root_category_id": 0, "default_store_id": 0, "name": "Default",
               "code": "default"}
ADMIN_STORE = {"id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0, "is_active": 1}
# website code -> (website name, group name, group code); store view code -> name (the installed defaults)
WEBSITE_NAMES = {"base": ("Main Website", "Main Website Store", "main_website_store")}
STORE_NAMES = {"default": "Default Store View"}


def _website_names(code: str) -> tuple[str, str, str]:
    return WEBSITE_NAMES.get(code, (code.title(), f"{code.title()} Store", f"{code}_store"))


def _current_first(rows: list[dict[str, Any]], current: int) -> list[dict[str, Any]]:
    """The scope the request addressed first, then the rest by id (``store.lists``)."""
    ordered = sorted(rows, key=lambda r: r["id"])
    return [r for r in ordered if r["id"] == current] + [r for r in ordered if r["id"] != current]


class Stores:
    """The store hierarchy of one :class:`Inventory` (websites by code, store views by code)."""

    def __init__(self, inventory: Inventory, lists: Mapping[str, Any]) -> None:
        """Read ``inventory``'s websites and stores; ``lists`` is the ``store.lists`` fact."""
        self.inventory = inventory
        self.current_first = bool(lists["current_first"])

    def store_ids(self) -> dict[str, int]:
        """Store view code -> id (1, 2 … in the order the seed declared them)."""
        return {code: n for n, code in enumerate(self.inventory.stores, start=1)}

    def website_of(self, store_code: str) -> int:
        """The website id of a store view."""
        return self.inventory.websites.get(self.inventory.stores.get(store_code, "base"), 1)

    def _order(self, rows: list[dict[str, Any]], current: int) -> list[dict[str, Any]]:
        return _current_first(rows, current) if self.current_first else sorted(rows, key=lambda r: r["id"])

    def websites(self, store_code: str) -> list[dict[str, Any]]:
        """``store-data-website-interface`` rows (group id = website id: one group per website)."""
        rows = [dict(ADMIN_WEBSITE)] + [{"id": wid, "code": code, "name": _website_names(code)[0],
                                         "default_group_id": wid} for code, wid in self.inventory.websites.items()]
        return self._order(rows, self.website_of(store_code))

    def groups(self, store_code: str) -> list[dict[str, Any]]:
        """``store-data-group-interface`` rows: each website's one group, its first store view the default."""
        ids = self.store_ids()
        rows = [dict(ADMIN_GROUP)]
        for code, wid in self.inventory.websites.items():
            names = _website_names(code)
            first = next((ids[s] for s, w in self.inventory.stores.items() if w == code), 0)
            rows.append({"id": wid, "website_id": wid, "root_category_id": 2, "default_store_id": first,
                         "name": names[1], "code": names[2]})
        return self._order(rows, self.website_of(store_code))

    def views(self, store_code: str) -> list[dict[str, Any]]:
        """``store-data-store-interface`` rows, the admin store included."""
        ids = self.store_ids()
        rows = [dict(ADMIN_STORE)]
        for code, website in self.inventory.stores.items():
            wid = self.inventory.websites.get(website, 1)
            rows.append({"id": ids[code], "code": code, "name": STORE_NAMES.get(code, code.title()),
                         "website_id": wid, "store_group_id": wid, "is_active": 1})
        return self._order(rows, ids.get(store_code, 1))

    def configs(self, codes: list[str], base_url: str, defaults: Mapping[str, Any]) -> list[dict[str, Any]]:
        """``store-data-store-config-interface`` per store view (``codes`` filters; empty: all but admin)."""
        ids = self.store_ids()
        chosen = [c for c in self.inventory.stores if not codes or c in codes]
        secure = "https://" + base_url.split("://", 1)[-1]
        return [{"id": ids[code], "code": code, "website_id": self.website_of(code), "locale": defaults["locale"],
                 "base_currency_code": defaults["base_currency_code"],
                 "default_display_currency_code": defaults["default_display_currency_code"],
                 "timezone": defaults["timezone"], "weight_unit": defaults["weight_unit"],
                 **_urls("", base_url), **_urls("secure_", secure)} for code in chosen]


def _urls(prefix: str, root: str) -> dict[str, str]:
    """``base_url``, ``base_link_url``, ``base_static_url``, ``base_media_url`` under ``root`` (with ``/``)."""
    return {f"{prefix}base_url": root, f"{prefix}base_link_url": root, f"{prefix}base_static_url": f"{root}static/",
            f"{prefix}base_media_url": f"{root}media/"}
