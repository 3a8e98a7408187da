"""The trials view: protocol summary, arms and doses, visit schedule and every criterion."""
