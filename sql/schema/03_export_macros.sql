-- Helpers for reading exports (docs/formats.md), shared by every mapping in
-- sql/ingest/external/: FHIR R4 resources held as JSON, so Bundles and Bulk Data NDJSON read
-- alike, and the units wearables report in.
-- The id in "Patient/<id>", ".../Patient/<id>/_history/2" or "urn:uuid:<id>".
create or replace macro sw_fhir_ref_id(ref) as coalesce(
    nullif(regexp_extract(ref, '(?:^|/)Patient/([^/]+)', 1), ''),
    nullif(regexp_extract(ref, '^urn:uuid:(.+)$', 1), '')
);
create or replace macro sw_fhir_patient(doc) as sw_fhir_ref_id(
    coalesce(doc->'subject'->>'reference', doc->'patient'->>'reference')
);
-- A Patient resource's own id, else its Bundle entry's urn:uuid.
create or replace macro sw_fhir_patient_id(doc, full_url) as coalesce(
    doc->>'id', sw_fhir_ref_id(full_url)
);
-- Code systems by their usual URIs, shortened to the names used in vocabulary/.
create or replace macro sw_code_system(uri) as case
    when uri ilike '%snomed%' then 'snomed'
    when uri ilike '%icd-10%' or uri ilike '%icd10%' then 'icd10'
    when uri ilike '%loinc%' then 'loinc'
    when uri ilike '%rxnorm%' then 'rxnorm'
end;
-- ICD-10 codes arrive with and without the dot (M79.1 / M791).
create or replace macro sw_code_key(code) as upper(replace(trim(code), '.', ''));
-- Every coding of a CodeableConcept as (system, code, display) structs.
create or replace macro sw_fhir_codings(concept) as list_transform(
    coalesce(json_extract(concept, '$.coding[*]'), []),
    lambda c: struct_pack(
        system := sw_code_system(c->>'system'), code := c->>'code', display := c->>'display'
    )
);
-- The first code of a CodeableConcept in one code system, e.g. sw_fhir_code(doc->'code', 'loinc').
create or replace macro sw_fhir_code(concept, system) as list_filter(
    sw_fhir_codings(concept), lambda c: c.system = system
)[1].code;
create or replace macro sw_fhir_text(concept) as coalesce(
    concept->>'text', sw_fhir_codings(concept)[1].display
);
-- Days in one UCUM / FHIR duration unit (timing periodUnit, supply durations).
create or replace macro sw_unit_days(unit) as case lower(trim(unit))
    when 's' then 1.0 / 86400 when 'sec' then 1.0 / 86400 when 'min' then 1.0 / 1440
    when 'h' then 1.0 / 24 when 'hr' then 1.0 / 24
    when 'd' then 1.0 when 'day' then 1.0 when 'days' then 1.0
    when 'wk' then 7.0 when 'week' then 7.0 when 'weeks' then 7.0
    when 'mo' then 30.0 when 'month' then 30.0 when 'months' then 30.0
    when 'a' then 365.0 when 'yr' then 365.0 when 'year' then 365.0 when 'years' then 365.0
end;
-- Minutes in one duration unit (Observation values, workout durations).
create or replace macro sw_unit_minutes(unit) as sw_unit_days(unit) * 1440;
-- A dose in mg from a quantity; null when the unit is not a mass (tablets, mL).
create or replace macro sw_mass_mg(value, unit) as case lower(trim(unit))
    when 'mg' then value when 'g' then value * 1000
    when 'ug' then value / 1000 when 'mcg' then value / 1000 when 'µg' then value / 1000
end;
-- The strength in mg the text gives right after a drug's name ("Lipitor 20 mg" → 20); a
-- concentration ("4 mg/mL") is no strength of one unit.
create or replace macro sw_mg_after(text, name) as try_cast(regexp_extract(
    lower(text), name || '\D{0,30}?(\d+(?:\.\d+)?)\s*mg(?:$|[^/a-z])', 1
) as double);
-- The mg per mL the text gives right after a drug's name, for a suspension
-- ("simvastatin 4 mg/mL oral suspension" → 4).
create or replace macro sw_mg_per_ml_after(text, name) as try_cast(regexp_extract(
    lower(text), name || '\D{0,30}?(\d+(?:\.\d+)?)\s*mg\s*/\s*ml\b', 1
) as double);
-- A volume in mL; null when the unit is not a volume.
create or replace macro sw_volume_ml(value, unit) as case lower(trim(unit))
    when 'ml' then value when 'cl' then value * 10 when 'l' then value * 1000
end;
-- Why a FHIR medication record is no exposure, or null when it is one: an order not to give
-- the drug (doNotPerform), a plan, proposal or option rather than an order, an order never in
-- force (draft, cancelled), a statement that it is not taken or only intended, a dispense not
-- handed over. Only codes of the FHIR value sets are named, so no free text reaches metadata.
create or replace macro sw_fhir_no_exposure(resource_type, doc) as case
    when (doc->>'doNotPerform') = 'true'
        then 'FHIR ' || resource_type || ' doNotPerform: an order not to give the drug'
    when resource_type = 'MedicationRequest' and (doc->>'intent') in ('proposal', 'plan', 'option')
        then 'FHIR MedicationRequest intent ' || (doc->>'intent') || ': not an order'
    when resource_type = 'MedicationRequest' and (doc->>'status') in ('draft', 'cancelled')
        then 'FHIR MedicationRequest status ' || (doc->>'status') || ': never in force'
    when resource_type = 'MedicationStatement' and (doc->>'status') in ('not-taken', 'intended')
        then 'FHIR MedicationStatement status ' || (doc->>'status') || ': not taken'
    when
        resource_type = 'MedicationDispense'
        and (doc->>'status') in ('preparation', 'cancelled', 'declined', 'on-hold', 'stopped')
        then 'FHIR MedicationDispense status ' || (doc->>'status') || ': not handed over'
end;
-- Which muscle code decides when a record carries several (vocabulary/muscle_symptom_codes.csv):
-- a diagnosis before the symptoms, the most telling symptom first.
create or replace macro sw_muscle_code_rank(symptom) as list_position(
    ['rhabdomyolysis', 'myopathy', 'weakness', 'cramp', 'myalgia'], symptom
);
-- A FHIR Condition's onset and abatement (the dateTime, else the period's bounds), and whether
-- the record says it is over: inactive, resolved or in remission, or abated.
create or replace macro sw_fhir_onset(doc) as coalesce(
    doc->>'onsetDateTime', doc->'onsetPeriod'->>'start'
);
create or replace macro sw_fhir_abatement(doc) as coalesce(
    doc->>'abatementDateTime', doc->'abatementPeriod'->>'end', doc->'abatementPeriod'->>'start'
);
create or replace macro sw_fhir_condition_over(doc) as
coalesce(
    sw_fhir_codings(doc->'clinicalStatus')[1].code in ('inactive', 'resolved', 'remission'),
    false
)
or sw_fhir_abatement(doc) is not null
or coalesce((doc->>'abatementBoolean') = 'true', false);
-- A dose counted in units (tablets, capsules) or given without a unit.
create or replace macro sw_count_unit(unit) as unit is null or regexp_matches(
    lower(trim(unit)),
    '^\{?(1|tab|tabs|tablet|tablets|tbl|cap|caps|capsule|capsules|pill|pills|each|dose|doses)\}?$'
);
-- A distance in km from a value in km, m, mi, yd or ft.
create or replace macro sw_km(value, unit) as value * case lower(trim(unit))
    when 'km' then 1.0 when 'm' then 0.001 when 'mi' then 1.609344
    when 'yd' then 0.0009144 when 'ft' then 0.0003048
end;
-- A length given with its unit in one text ("1234 cm", Apple metadata) in metres.
create or replace macro sw_text_metres(s) as try_cast(
    regexp_extract(trim(s), '^([0-9.]+)', 1) as double
) * case regexp_extract(trim(s), '([a-z]+)$', 1)
    when 'cm' then 0.01 when 'm' then 1.0 when 'km' then 1000.0 when 'ft' then 0.3048
end;
-- Physical-activity intensity from METs (ACSM classes: < 3 light, 3-6 moderate, >= 6 vigorous).
create or replace macro sw_met_intensity(met) as case
    when met < 3 then 'light' when met < 6 then 'moderate' when met >= 6 then 'vigorous'
end;
-- "1:02:03", "45:10" or "00:45:10.5" (Garmin's Time column) in minutes.
create or replace macro sw_clock_minutes(s) as case
    when regexp_matches(trim(s), '^\d+:\d{1,2}:\d{1,2}(\.\d+)?$')
        then cast(split_part(trim(s), ':', 1) as double) * 60
            + cast(split_part(trim(s), ':', 2) as double)
            + cast(split_part(trim(s), ':', 3) as double) / 60
    when regexp_matches(trim(s), '^\d+:\d{1,2}(\.\d+)?$')
        then cast(split_part(trim(s), ':', 1) as double)
            + cast(split_part(trim(s), ':', 2) as double) / 60
end;
-- A Fitbit / Fitabase time ("4/12/2016 7:21:05 AM") as a timestamp; null when it does not parse.
create or replace macro sw_fitbit_ts(s) as try_strptime(s, '%m/%d/%Y %I:%M:%S %p');
-- A Fitbit time as ISO text, else as written, so validation names a time that does not parse.
create or replace macro sw_fitbit_iso(s) as coalesce(
    strftime(sw_fitbit_ts(s), '%Y-%m-%dT%H:%M:%S'), s
);
-- A number as wearables write it: "1,234.5", or "--" for none.
create or replace macro sw_export_num(s) as try_cast(
    replace(nullif(trim(s), '--'), ',', '') as double
);
