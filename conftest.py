"""Test-wide set-up: Qt draws offscreen, and nothing touches the user's real data folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
