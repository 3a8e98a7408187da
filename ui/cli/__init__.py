"""The `trialdesk` command line (click). No module here imports Qt: the window is reached only through
ui.launcher."""
