"""The application icon (data only)."""
