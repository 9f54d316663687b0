"""Consistency check of the HMI tag list against the PLC's global variable list."""
