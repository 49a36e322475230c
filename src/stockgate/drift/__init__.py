"""The merchant's two questions: the self-test (:mod:`.selftest`); the 7-day drift test is planned here."""
