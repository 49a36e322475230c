"""The Magento twin: one version + profile, its state, auth, queue, faults, journal and clock."""

from __future__ import annotations

from pathlib import Path

from stockgate.clock import VirtualClock
from stockgate.contracts import Contract, Profile, load_contract
from stockgate.twins.faults import FaultPlan
from stockgate.twins.journal import Journal
from stockgate.twins.magento.auth import Auth
from stockgate.twins.magento.behaviour import Behaviour
from stockgate.twins.magento.bulk import BulkQueue
from stockgate.twins.magento.checkout import Checkout
from stockgate.twins.magento.customers import Customers
from stockgate.twins.magento.sales import Sales
from stockgate.twins.magento.seeds import apply_seed, load_seed
from stockgate.twins.magento.state import Inventory


class MagentoTwin:
    """A stateful Magento 2 / Adobe Commerce REST API of one contract version and profile."""

    def __init__(self, contract: Contract, profile: str | Profile = "default", *,
                 clock: VirtualClock | None = None, seed: str | None = "demo", journal: Journal | None = None) -> None:
        """Build the twin; ``seed=None`` starts from an empty store (default source and stock only).

        ``journal``: a bounded one without bodies unless given (a scenario run passes ``Journal.full()``).
        """
        if contract.ref.platform.value != "magento":
            raise ValueError(f"{contract.ref} is not a Magento contract")
        self.contract = contract
        self.profile = contract.profile(profile) if isinstance(profile, str) else profile
        self.behaviour = Behaviour.from_profile(self.profile)
        self.clock = clock or VirtualClock()
        self.journal = journal if journal is not None else Journal()
        self.faults = FaultPlan()
        self.seed_name: str | None = None
        self.reset()
        if seed:
            self.seed(seed)

    def reset(self) -> None:
        """Forget every entity, customer, token, bulk, journal entry and fault rule."""
        self.inventory = Inventory()
        self.sales = Sales(self.inventory, self.behaviour, self.clock)
        self.checkout = Checkout(self.sales)
        self.auth = Auth(self.behaviour, self.clock)
        self.customers = Customers()
        self.bulk = BulkQueue()
        self.journal.clear()
        self.faults.clear()
        self.seed_name = None

    def seed(self, name: str) -> None:
        """Load a named seed (``demo``) or a seed file into the (reset) store."""
        data = load_seed(name)
        self.reset()
        apply_seed(data, self.inventory, self.auth, self.clock.magento_time())
        self.seed_name = name

    def run_consumers(self) -> int:
        """Run every queued async/bulk operation now (what ``bin/magento queue:consumers:start`` does)."""
        return self.bulk.run()


def create_twin(version: str, profile: str = "default", *, seed: str | None = "demo",
                clock: VirtualClock | None = None, contracts_dir: Path | None = None,
                journal: Journal | None = None) -> MagentoTwin:
    """``create_twin("2.4.8")`` or ``create_twin("magento@2.4.8", "input-limits-on")``."""
    ref = version if version.startswith("magento@") else f"magento@{version}"
    return MagentoTwin(load_contract(ref, contracts_dir), profile, clock=clock, seed=seed, journal=journal)
