"""The hospital's data in: laboratory exports (CSV, Excel), HL7 v2 result messages and FHIR R4
resources, read into plain values (`incoming`), mapped onto the vocabulary (`mapper`) with the
names hospitals use (`lab_names`) and the site's own (`site_mapping`). Reading files is here;
matching patients and writing to the registry is `db.lab_import`'s."""
