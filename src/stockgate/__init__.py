"""stockgate: will stock still be right after the upgrade.

An upgrade-regression contract gate for Magento 2 (MSI) <-> Lightspeed Retail X-Series
connectors. See ARCHITECTURE.md for the layers; this package's public entry points are the
`stockgate` command (:mod:`stockgate.cli`) and the contract model (:mod:`stockgate.contracts`).
"""

__version__ = "0.1.0.dev0"  # the single source of the version (pyproject reads it)

__all__ = ["__version__"]
