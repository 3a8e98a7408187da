"""Fonts shipped with TrialDesk (data only): see README.md."""
