"""The category tree of one store (pure): seeded categories under the store root, moved and created ones.

The tree root (id 1) holds the store's root category (``catalog.reads``: ``Default Category``, id 2); a
seed's categories sit under the store root in seed order (position 1, 2 …); a category created or moved
by the API keeps its own place (``CatalogEav.category_places``). A category's children are ordered by
position, then id; its level is its depth below the tree root, its path the ids from the tree root down; its
url_path the url_keys from below the store root down (``catalog.category_writes``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockgate.twins.magento.catalog_eav import CategoryPlace
from stockgate.twins.magento.serialize_catalog import url_key
from stockgate.twins.magento.state import Inventory

TREE_ROOT = 1  # Magento\Catalog\Model\Category::TREE_ROOT_ID


class Tree:
    """The categories of ``inventory`` beside the store root ``root`` (the ``catalog.reads`` tree_root fact)."""

    def __init__(self, inventory: Inventory, root: Mapping[str, Any]) -> None:
        """Read the inventory's categories and places."""
        self.inventory = inventory
        self.root = root
        self.root_id = int(root["id"])

    def place(self, category_id: int) -> CategoryPlace:
        """The category's place: written, or the seed's (under the store root, in seed order)."""
        written = self.inventory.eav.category_places.get(category_id)
        if written is not None:
            return written
        if category_id == self.root_id:
            return CategoryPlace(parent_id=int(self.root["parent_id"]), position=int(self.root["position"]))
        return CategoryPlace(parent_id=self.root_id, position=list(self.inventory.categories).index(category_id) + 1)

    def exists(self, category_id: int) -> bool:
        """Whether ``category_id`` is the store root or one of the store's categories (the tree root is not)."""
        return category_id == self.root_id or category_id in self.inventory.categories

    def name(self, category_id: int) -> str:
        """The category's name."""
        if category_id == self.root_id:
            return self.inventory.eav.root_name or str(self.root["name"])
        return self.inventory.categories[category_id]

    def children(self, category_id: int) -> list[int]:
        """Direct children, by position then id."""
        ids = [self.root_id, *self.inventory.categories]
        below = [c for c in ids if c != category_id and self.place(c).parent_id == category_id]
        return sorted(below, key=lambda c: (self.place(c).position, c))

    def path(self, category_id: int) -> list[int]:
        """The ids from the tree root down to ``category_id``."""
        chain = [category_id]
        while chain[-1] != TREE_ROOT and len(chain) < 64:
            chain.append(self.place(chain[-1]).parent_id)
        return list(reversed(chain))

    def level(self, category_id: int) -> int:
        """Depth below the tree root (the store root is level 1)."""
        return len(self.path(category_id)) - 1

    def below(self, category_id: int) -> list[int]:
        """Every category under ``category_id`` (not itself), depth first."""
        found: list[int] = []
        for child in self.children(category_id):
            found += [child, *self.below(child)]
        return found

    def url_key(self, category_id: int) -> str | None:
        """The category's url_key: as saved, else the seed's name formatted; a store root has none."""
        if category_id in (self.root_id, TREE_ROOT):
            return None
        return self.inventory.eav.category_url_keys.get(category_id) or url_key(self.name(category_id))

    def url_path(self, category_id: int) -> str | None:
        """``CategoryUrlPathGenerator::getUrlPath``: the parent's url_path and the url_key; none for a store root."""
        key = self.url_key(category_id)
        if key is None or self.place(category_id).parent_id in (0, TREE_ROOT):
            return None
        above = self.url_path(self.place(category_id).parent_id)
        return f"{above}/{key}" if above else key

    def next_id(self) -> int:
        """A new category's id (``catalog_category_entity`` auto-increment)."""
        return max([self.root_id, *self.inventory.categories]) + 1
