"""Batch record logger for the mixing station's S7-300."""
