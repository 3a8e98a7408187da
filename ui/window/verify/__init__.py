"""Checking a signed PDF's signatures, as `trialdesk verify` does."""
