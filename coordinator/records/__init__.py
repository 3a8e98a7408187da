"""Patient records: the record model and its JSON format, validation, the clinical vocabulary and
units, kidney and body-size formulas, derived values, names and pinyin, and the synthetic demo
patients."""
