"""Indicator families of this part (see reports.catalogue)."""
