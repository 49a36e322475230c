"""Consumer-filtered contract diff between two versions of one platform.

``diff_versions("magento@2.4.6", "magento@2.4.7", surface=...)`` compares the two contract
documents (Swagger 2.0 or OpenAPI 3.x, natively), their security schemes and their profile facts,
by the rules in :mod:`stockgate.diff.rules`; a :class:`~stockgate.diff.surface.Surface` says which
of the changes the connector can notice, and ``contracts/accepted.yaml`` which were accepted.
"""

from stockgate.diff.accepted import load_accepted
from stockgate.diff.engine import diff_versions
from stockgate.diff.model import Acceptance, Change, DiffReport
from stockgate.diff.rules import RULES, Severity
from stockgate.diff.surface import Surface, load_surface

__all__ = ["RULES", "Acceptance", "Change", "DiffReport", "Severity", "Surface", "diff_versions", "load_accepted",
           "load_surface"]
