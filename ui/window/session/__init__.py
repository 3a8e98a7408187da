"""The signed-in session in the window: lock when idle or on request, unlock, sign out and switch user."""
