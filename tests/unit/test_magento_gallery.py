"""Product galleries and links of the Magento twin (pure): where files go, which entry holds a role."""

from __future__ import annotations

import pytest

from stockgate.twins.magento.gallery import dispersed, gallery, role_files


@pytest.mark.parametrize(("name", "path"), [("mug-blk.jpg", "/m/u/mug-blk.jpg"), ("A.png", "/a/_/a.png"),
                                            ("x", "/x/x")])
def test_files_are_dispersed_as_the_uploader_files_them(name: str, path: str) -> None:
    assert dispersed(name) == path


def test_the_first_image_holds_the_roles() -> None:
    entries = gallery(["ts-red.jpg", "ts-blu.jpg"], "T-shirt", first_id=7)
    assert [(e.id, e.position, e.types) for e in entries] == [
        (7, 1, ("image", "small_image", "thumbnail")), (8, 2, ())]
    assert role_files(entries) == [("image", "/t/s/ts-red.jpg"), ("small_image", "/t/s/ts-red.jpg"),
                                   ("thumbnail", "/t/s/ts-red.jpg")]
    assert role_files([]) == []
