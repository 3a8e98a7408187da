"""The screening log view: its rows, table model and PDF."""
