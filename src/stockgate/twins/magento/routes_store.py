"""Store hierarchy and configuration reads (``store.lists``, ``store.config_defaults``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.stores import Stores

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def _stores(call: Call) -> Stores:
    return Stores(call.twin.inventory, call.twin.behaviour.store_lists)


def base_url(call: Call) -> str:
    """The twin's own root URL (``http://host/``): the store's base URLs are wherever it is served."""
    request = call.request
    return f"{request.scheme}://{request.host}/"


def store_configs(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/store/storeConfigs[?storeCodes[]=…]``: every store view but admin, or the codes asked for."""
    codes = [v for k, v in call.request.query if k == "storeCodes" or k.startswith("storeCodes[")]
    return _stores(call).configs(codes, base_url(call), call.twin.behaviour.store_defaults)


def register(app: MagentoApp) -> None:
    """Add the store routes."""
    r = app.route
    r("GET", "/V1/store/websites", lambda c: _stores(c).websites(c.store))
    r("GET", "/V1/store/storeGroups", lambda c: _stores(c).groups(c.store))
    r("GET", "/V1/store/storeViews", lambda c: _stores(c).views(c.store))
    r("GET", "/V1/store/storeConfigs", store_configs)
