"""Persistence for TrialDesk: SQLModel tables, engine set-up, migrations, repositories."""
