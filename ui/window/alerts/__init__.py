"""The due-and-overdue view across every patient on study."""
