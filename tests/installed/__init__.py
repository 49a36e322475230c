"""The outsider flow: stockgate from its built wheel, in a connector repository outside the checkout.

Run with ``nox -s installed`` (minutes: a wheel build and a fresh virtual environment); not part of
``nox -s tests``.
"""
