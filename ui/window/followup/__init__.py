"""The follow-up view of one enrolled patient: timeline chart, due actions and alerts tables, the
record-for-this-patient box."""
