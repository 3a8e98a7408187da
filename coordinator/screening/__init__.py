"""Screening: trial definitions, the criterion rule catalogue, a patient's facts arranged for the
rules, a trial's checklist and verdict, the screening lifecycle and roles, pre-screening many
patients, and rules in plain words."""
