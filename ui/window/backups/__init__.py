"""Tools > Back up now and Restore…, the automatic daily backup and the status bar's word on the
last good backup."""
