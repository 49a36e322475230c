"""Lightspeed version-cursor lists seek in an index kept by every write (issue 18 item 2): same pages as a sort."""

from __future__ import annotations

import random

from stockgate.twins.lightspeed import paging
from stockgate.twins.lightspeed.state import InventoryRecord, Product, Store


def _store(products: int) -> Store:
    store = Store(lambda: "2026-01-01T00:00:00Z")
    for n in range(products):
        parent = f"p{n - n % 4}" if n % 4 else None  # every fourth product a parent of the next three
        row = Product(id=f"p{n}", name=f"P{n}", handle=f"p{n}", sku=f"S{n}", variant_parent_id=parent)
        store.products[row.id] = row
        store.touch(row)
        store.set_level(row.id, "o1", n)
    return store


def _walk(store: Store, size: int, *, indexed: bool, deleted: bool = False) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    after = 0
    while True:
        at = paging.Cursor(after=after, page_size=size, deleted=deleted)
        rows = store.inventory.values()
        chosen = paging.page(rows, at, 1000, ordered=store.by_version(InventoryRecord, rows) if indexed else None)
        if not chosen:
            return seen
        seen += [(r.product_id, r.version) for r in chosen]
        after = chosen[-1].version


def test_walks_with_writes_between_them_answer_what_a_sort_answers() -> None:
    store, rng = _store(300), random.Random(7)
    for _ in range(40):
        for _ in range(rng.randrange(0, 30)):  # levels set, records created and deleted between walks
            action, pid = rng.random(), f"p{rng.randrange(0, 320)}"
            if action < 0.7:
                store.set_level(pid, "o1", rng.randrange(0, 50))
            elif action < 0.9:
                store.set_level(pid, f"o{rng.randrange(2, 4)}", 1)
            else:
                record = store.record(pid, "o1")
                record.deleted_at = "2026-01-02T00:00:00Z"
                store.touch(record)
        size = rng.randrange(1, 60)
        for deleted in (False, True):
            assert _walk(store, size, indexed=True, deleted=deleted) == _walk(store, size, indexed=False,
                                                                              deleted=deleted)
    assert len(store.by_version(InventoryRecord, store.inventory.values())[0]) <= 2 * len(store.inventory) + 1024


def test_a_row_stored_without_a_touch_is_still_listed() -> None:
    """The index notices rows that never passed through Store.touch (its size no longer matches)."""
    store = _store(5)
    store.by_version(InventoryRecord, store.inventory.values())
    store.inventory[("p9", "o1")] = InventoryRecord(id="r9", product_id="p9", outlet_id="o1", version=1)
    assert store.by_version(InventoryRecord, store.inventory.values())[0][0].id == "r9"


def test_a_page_reads_only_from_its_cursor_on() -> None:
    """Counted, not timed: a page past the first 9,000 records reads its own, not the 9,000 before."""
    store = _store(10_000)
    items, versions = store.by_version(InventoryRecord, store.inventory.values())
    looked: list[str] = []

    def keep(row: InventoryRecord) -> bool:
        looked.append(row.product_id)
        return True

    chosen = paging.page((), paging.Cursor(after=versions[9_000], page_size=50), 1000, keep, ordered=(items, versions))
    assert [r.product_id for r in chosen] == [f"p{n}" for n in range(9_001, 9_051)] and len(looked) == 50


def test_variant_children_come_from_an_index_that_follows_new_products() -> None:
    store = _store(8)
    assert [p.id for p in store.children("p4")] == ["p5", "p6", "p7"]
    child = Product(id="p8", name="P8", handle="p8", sku="S8", variant_parent_id="p4")
    store.products[child.id] = child
    store.products["p6"].deleted_at = "2026-01-02T00:00:00Z"
    assert [p.id for p in store.children("p4")] == ["p5", "p7", "p8"] and store.children("p5") == []


def test_ids_are_the_uuid5_of_their_kind_and_number() -> None:
    """new_id spells uuid5 out for speed: the same strings (ids are in cassettes and scenario expectations)."""
    import uuid

    from stockgate.twins.lightspeed import state

    for kind in ("product", "inventory", "sale", "outlet", "variant_attribute"):
        for n in (0, 1, 7, 999, 10_000, 123_456):
            assert state.new_id.__wrapped__(kind, n) == str(uuid.uuid5(state._NS, f"{kind}-{n}"))


def test_a_products_records_come_from_an_index_that_follows_new_records() -> None:
    store = _store(6)
    assert [r.outlet_id for r in store.records_of("p2")] == ["o1"]
    store.set_level("p2", "o3", 4)
    store.set_level("p2", "o2", 1)
    store.inventory[("p2", "o9")] = InventoryRecord(id="r9", product_id="p2", outlet_id="o9")  # not via record()
    store.set_level("p5", "o2", 1)
    expected = [r for r in store.inventory.values() if r.product_id == "p2"]
    assert store.records_of("p2") == expected and [r.outlet_id for r in expected] == ["o1", "o3", "o2", "o9"]
    assert [r.outlet_id for r in store.records_of("p5")] == ["o1", "o2"] and store.records_of("nope") == []
