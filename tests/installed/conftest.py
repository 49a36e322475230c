"""The sample connector repository is data for the outsider check (nox -s installed), not part of this suite."""

collect_ignore_glob = ["sample/*"]
