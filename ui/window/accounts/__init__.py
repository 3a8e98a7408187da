"""Accounts and site settings in the window: administrators add, deactivate, activate, unlock and
reset accounts and edit the site's settings; everyone changes their own password."""
