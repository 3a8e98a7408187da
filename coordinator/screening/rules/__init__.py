"""The criterion rule catalogue, by family: the four-valued answers, demographics, labs and derived
values, medications, history (conditions, diagnoses, procedures, reproductive status), scores and
biopsy, and composition. `catalogue.AnyRule` is the union a trial file's criteria are read into."""
