"""The patient registry view: the paged, searchable table, importing record files, archiving."""
