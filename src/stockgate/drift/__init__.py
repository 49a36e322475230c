"""The merchant's two questions: the self-test (:mod:`.selftest`) and the 7-day drift test, simulated (:mod:`.sim`)."""
