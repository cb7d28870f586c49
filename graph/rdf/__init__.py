"""Linked-data export and import: schema.org, PROV-O, Web Annotation and CiTO through rdflib."""
