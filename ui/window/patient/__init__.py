"""One patient's page: demographics form, record sections as editable tables, derived values,
screenings and enrolments."""
