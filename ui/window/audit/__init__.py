"""The audit trail viewer and its paged table model."""
