"""Scenarios: deterministic business stories (given → when → then) run on a pair of platform versions.

``discover()`` loads the catalog (``scenarios/<area>/<name>.yaml``) strictly; ``run_scenario()``
and ``run_all()`` are the one engine behind ``stockgate run`` and the pytest plugin.
"""
