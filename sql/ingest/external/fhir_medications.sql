-- FHIR MedicationRequest, MedicationStatement and MedicationDispense as medication rows
-- (docs/formats.md "FHIR"): the RxNorm code and name of the medication (inline, contained or
-- a Medication in the same file), the dose in mg when the dose is a mass, doses per day from
-- the timing (times the tablets per dose, so strength × doses per day is the daily dose),
-- days of supply (QI-Core cumulative duration for orders: supply × (1 + refills)), dates
-- and status. Records that are no exposure (cancelled, entered in error, not taken…) are
-- quarantined with that reason.
with medication_index as (
    select
        key,
        doc->'code' as code
    from fhir_resources,
        unnest([concat('Medication/', doc->>'id'), full_url]) k (key)
    where resource_type = 'Medication' and key is not null
    qualify row_number() over (partition by key order by line) = 1
),

records as (
    select
        r.line,
        r.doc,
        r.resource_type,
        r.doc->'medicationReference'->>'reference' as medication_ref,
        coalesce(
            r.doc->'medicationCodeableConcept',
            m.code,
            list_filter(
                coalesce(json_extract(r.doc, '$.contained[*]'), []),
                lambda c: concat('#', (c->>'id')) = (r.doc->'medicationReference'->>'reference')
            )[1]->'code'
        ) as medication,
        coalesce(r.doc->'dosageInstruction'->0, r.doc->'dosage'->0) as dosage
    from fhir_resources r
    left join medication_index m on m.key = (r.doc->'medicationReference'->>'reference')
    where r.resource_type in ('MedicationRequest', 'MedicationStatement', 'MedicationDispense')
),

dosed as (
    select
        *,
        try_cast(dosage->'doseAndRate'->0->'doseQuantity'->>'value' as double) as dose_value,
        coalesce(
            dosage->'doseAndRate'->0->'doseQuantity'->>'code',
            dosage->'doseAndRate'->0->'doseQuantity'->>'unit'
        ) as dose_unit,
        dosage->'timing'->'repeat' as rep,
        upper(coalesce(
            dosage->'timing'->'code'->'coding'->0->>'code', dosage->'timing'->'code'->>'text'
        )) as timing_code
    from records
),

daily as (
    select
        *,
        coalesce(
            coalesce(try_cast(rep->>'frequency' as double), 1)
            / (try_cast(rep->>'period' as double) * sw_unit_days(rep->>'periodUnit')),
            case timing_code
                when 'QD' then 1.0 when 'BID' then 2.0 when 'TID' then 3.0
                when 'QID' then 4.0 when 'QOD' then 0.5 when 'AM' then 1.0 when 'PM' then 1.0
                when 'QAM' then 1.0 when 'QPM' then 1.0 when 'HS' then 1.0 when 'QHS' then 1.0
            end
        ) as times_per_day,
        case when sw_count_unit(dose_unit) then coalesce(dose_value, 1) else 1 end as units_per_dose
    from dosed
),

supplied as (
    select
        *,
        case
            when times_per_day is not null or units_per_dose <> 1
                then coalesce(times_per_day, 1) * units_per_dose
        end as units_per_day,
        coalesce(
            try_cast(doc->'dispenseRequest'->>'numberOfRepeatsAllowed' as double), 0
        ) as refills,
        coalesce(
            doc->'dispenseRequest'->'expectedSupplyDuration',
            doc->'daysSupply'
        ) as supply,
        coalesce(doc->'dispenseRequest'->'quantity', doc->'quantity') as quantity
    from daily
)

select
    line as _line,
    left(cast(doc as varchar), 2000) as _record,
    sw_fhir_patient(doc) as patient_id,
    coalesce(
        medication->>'text',
        sw_fhir_codings(medication)[1].display,
        doc->'medicationReference'->>'display'
    ) as drug,
    sw_fhir_code(medication, 'rxnorm') as rxnorm,
    sw_mass_mg(dose_value, dose_unit) as dose_mg,
    round(units_per_day, 4) as doses_per_day,
    case resource_type
        when 'MedicationRequest' then coalesce(rep->'boundsPeriod'->>'start', doc->>'authoredOn')
        when 'MedicationStatement'
            then coalesce(
                    doc->'effectivePeriod'->>'start',
                    doc->>'effectiveDateTime',
                    doc->>'dateAsserted'
                )
        else coalesce(doc->>'whenHandedOver', doc->>'whenPrepared')
    end as start_date,
    case resource_type
        when 'MedicationRequest' then rep->'boundsPeriod'->>'end'
        when 'MedicationStatement' then doc->'effectivePeriod'->>'end'
    end as end_date,
    cast(round(coalesce(
        try_cast(supply->>'value' as double)
        * sw_unit_days(coalesce(supply->>'code', supply->>'unit', 'd')),
        try_cast(quantity->>'value' as double) / units_per_day
    ) * (1 + refills)) as bigint) as days_supply,
    case resource_type
        when 'MedicationRequest' then 'prescription'
        when 'MedicationStatement' then 'statement'
        else 'dispense'
    end as record_type,
    case doc->>'status'
        when 'active' then 'active' when 'completed' then 'completed'
        when 'stopped' then 'stopped' when 'on-hold' then 'stopped'
    end as status,
    case
        when (doc->>'status') not in ('active', 'completed', 'stopped', 'on-hold', 'unknown')
            then 'FHIR ' || resource_type || ' status ' || (doc->>'status')
                || ': not a medication exposure'
    end as _reject
from supplied
