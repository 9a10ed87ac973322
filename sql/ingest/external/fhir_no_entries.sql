-- No entries: every FHIR JSON file of the batch was unreadable (each is quarantined whole),
-- so the tables the mappings and counts read are empty.
create or replace temp table fhir_entries (
    line bigint, file_id bigint, file_line bigint, full_url varchar, resource_type varchar,
    doc json
)
