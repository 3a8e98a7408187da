"""Backups of the registry as plain values: what a backup's manifest says, and which backups
the site's retention keeps."""
