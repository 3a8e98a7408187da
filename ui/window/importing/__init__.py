"""Bringing files in: the preview of what a file would import (each row's patient, mapped test,
value, limits and status), mapping what did not map in place, and the import itself off the GUI
thread."""
