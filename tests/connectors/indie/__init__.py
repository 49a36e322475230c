"""An independent Magento <-> Lightspeed connector, written from the README and the platforms' documentation.

The gate's own mutants (issue 16 item 7): ``connector.Connector`` (``python:``), ``command`` (``command:``),
and one-defect variants of each (:class:`tests.connectors.indie.sync.Defects`). It never imports
stockgate's reference connector; the ``python:`` driver imports only :mod:`stockgate.adapters` types.
"""
