"""The Qt application, grouped by what a person is doing (one folder per view, its models and dialogs
beside it), plus the main window, sign-in, background tasks and translation helpers they share."""
