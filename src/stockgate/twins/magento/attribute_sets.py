"""Attribute sets, their groups and which attributes each set holds, as data (pure: no HTTP).

Magento keeps these in ``eav_attribute_set``, ``eav_attribute_group`` and ``eav_entity_attribute``. A new
store has one ``Default`` set per entity type, numbered as the entity type (``catalog.attribute_sets``:
``installEntities`` gives each type its set), the product one holding every product attribute in the groups
its install patches made. Sets made later copy a skeleton's groups and attributes
(``Set::initFromSkeleton``); ids come from the tables' auto-increments. What the routes refuse, and with which
messages, is ``twins.magento.routes_attribute_sets``'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class AttributeSet:
    """One ``eav_attribute_set`` row."""

    id: int
    name: str
    sort_order: int
    entity_type_id: int

    def body(self) -> dict[str, Any]:
        """``eav-data-attribute-set-interface`` (an empty extension interface is dropped, as Magento drops it)."""
        return {"attribute_set_id": self.id, "attribute_set_name": self.name, "sort_order": self.sort_order,
                "entity_type_id": self.entity_type_id}


@dataclass(slots=True)
class Group:
    """One ``eav_attribute_group`` row."""

    id: int
    set_id: int
    name: str
    code: str
    sort_order: int
    default: bool = False  # default_id: where an attribute assigned without a group goes

    def body(self) -> dict[str, Any]:
        """``eav-data-attribute-group-interface``: the id as a string, code and sort order as extension attributes."""
        return {"attribute_group_id": str(self.id), "attribute_group_name": self.name, "attribute_set_id": self.set_id,
                "extension_attributes": {"attribute_group_code": self.code, "sort_order": str(self.sort_order)}}


@dataclass(slots=True)
class Entry:
    """One ``eav_entity_attribute`` row: an attribute in a set's group."""

    id: int
    group_id: int
    sort_order: int


def group_code(name: str) -> str:
    """``Group::beforeSave``: the name lower-cased, runs of other characters to ``-``, trimmed."""
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in name.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


@dataclass(slots=True)
class AttributeSets:
    """Every entity type's sets, the groups of each set and the attributes each set holds."""

    entity_types: dict[str, int]  # entity type code -> id
    sets: dict[int, AttributeSet] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    entries: dict[tuple[int, str], Entry] = field(default_factory=dict)  # (set id, attribute code) -> entry
    next_set: int = 1
    next_group: int = 1
    next_entry: int = 1

    @classmethod
    def installed(cls, entity_types: Mapping[str, int], product_groups: Iterable[Mapping[str, Any]],
                  product_codes: Iterable[str], product_type: str = "catalog_product") -> AttributeSets:
        """A new store: a ``Default`` set per entity type (its id the type's), the product set's groups, attributes."""
        sets = cls(entity_types=dict(entity_types))
        for type_id in sorted(entity_types.values()):
            sets.sets[type_id] = AttributeSet(id=type_id, name="Default", sort_order=1, entity_type_id=type_id)
        sets.next_set = max(sets.sets, default=0) + 1
        product_set = entity_types[product_type]
        for row in product_groups:
            sets.add_group(product_set, str(row["name"]), str(row["code"]), int(row["sort_order"]),
                           default=bool(row.get("default")))
        home = sets.default_group(product_set)
        for order, code in enumerate(product_codes, start=1):
            sets.assign(product_set, home, code, order * 10)
        return sets

    def type_code(self, entity_type_id: int) -> str:
        """The entity type's code (``""`` for none)."""
        return next((c for c, i in self.entity_types.items() if i == entity_type_id), "")

    def add_set(self, name: str, entity_type_id: int, sort_order: int) -> AttributeSet:
        """A new, empty set (``eav_attribute_set`` auto-increment)."""
        made = AttributeSet(id=self.next_set, name=name, sort_order=sort_order, entity_type_id=entity_type_id)
        self.sets[made.id] = made
        self.next_set += 1
        return made

    def copy_skeleton(self, target: int, skeleton: int) -> None:
        """``Set::initFromSkeleton``: the skeleton's groups (new ids) with their attributes and sort orders."""
        for group in [g for g in self.groups.values() if g.set_id == skeleton]:
            copy = self.add_group(target, group.name, group.code, group.sort_order, default=group.default)
            for (set_id, code), entry in list(self.entries.items()):
                if set_id == skeleton and entry.group_id == group.id:
                    self.assign(target, copy.id, code, entry.sort_order)

    def remove_set(self, set_id: int) -> None:
        """The set, its groups and its attribute rows (the foreign keys cascade)."""
        self.sets.pop(set_id, None)
        for group_id in [g.id for g in self.groups.values() if g.set_id == set_id]:
            del self.groups[group_id]
        for key in [k for k in self.entries if k[0] == set_id]:
            del self.entries[key]

    def add_group(self, set_id: int, name: str, code: str, sort_order: int, *, default: bool = False) -> Group:
        """A new group of ``set_id`` (``eav_attribute_group`` auto-increment)."""
        made = Group(id=self.next_group, set_id=set_id, name=name, code=code, sort_order=sort_order, default=default)
        self.groups[made.id] = made
        self.next_group += 1
        return made

    def groups_of(self, set_id: int) -> list[Group]:
        """The set's groups by sort order."""
        return sorted((g for g in self.groups.values() if g.set_id == set_id), key=lambda g: (g.sort_order, g.id))

    def default_group(self, set_id: int) -> int:
        """The set's default group (its first group when none is marked)."""
        groups = self.groups_of(set_id)
        return next((g.id for g in groups if g.default), groups[0].id if groups else 0)

    def remove_group(self, group_id: int) -> None:
        """The group and its attribute rows (``eav_entity_attribute`` cascades on the group)."""
        self.groups.pop(group_id, None)
        for key in [k for k, e in self.entries.items() if e.group_id == group_id]:
            del self.entries[key]

    def assign(self, set_id: int, group_id: int, code: str, sort_order: int) -> int:
        """``saveInSetIncluding``: the attribute in the set's group (moved there if the set holds it); its row id."""
        entry = self.entries.get((set_id, code))
        if entry is None:
            entry = Entry(id=self.next_entry, group_id=group_id, sort_order=sort_order)
            self.next_entry += 1
            self.entries[(set_id, code)] = entry
        entry.group_id, entry.sort_order = group_id, sort_order
        return entry.id

    def codes_in(self, set_id: int) -> list[str]:
        """The attribute codes the set holds, by group then sort order."""
        order = {g.id: n for n, g in enumerate(self.groups_of(set_id))}
        rows = [(order.get(e.group_id, 0), e.sort_order, e.id, code) for (s, code), e in self.entries.items()
                if s == set_id]
        return [code for *_, code in sorted(rows)]

    def unassign(self, set_id: int, code: str) -> None:
        """The attribute's row in the set goes."""
        self.entries.pop((set_id, code), None)

    def forget(self, code: str) -> None:
        """A deleted attribute leaves every set."""
        for key in [k for k in self.entries if k[1] == code]:
            del self.entries[key]

    def group_of(self, set_id: int, code: str) -> int | None:
        """The group holding the attribute in the set (None: the set does not hold it)."""
        entry = self.entries.get((set_id, code))
        return entry.group_id if entry else None
