"""A tiny Magento <-> Lightspeed stock sync: the sample connector of stockgate's outsider check."""
