"""The merchant's own stores in the loop: pull a store's contract, verify the store against it, check the twins.

Everything here talks to one store named with ``--target`` through :class:`stockgate.live.client.StoreClient`
(that host only, read-only unless ``--allow-writes``, within a request budget and rate); hosts and
credentials never reach a file (``live.pull.scrub``; reports carry the ``staging:<hash>`` label).
"""
