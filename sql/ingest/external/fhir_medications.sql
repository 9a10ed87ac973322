-- FHIR MedicationRequest, MedicationStatement and MedicationDispense as medication rows
-- (docs/formats.md "FHIR"): the RxNorm code and name of the medication (inline, contained or
-- a Medication in the same file); the dose as CONTRACT §4.2 has it, dose_mg the strength of one
-- administration (a mass dose as it is; a dose of tablets times the strength of one tablet,
-- from the RxNorm code or the statin's name in the text; a dose in mL of a suspension times
-- its mg/mL) and doses_per_day the administrations per day (Timing.repeat frequency per
-- period, else the timing code), each left empty when the resource does not say; days of
-- supply (QI-Core cumulative duration for orders: supply × (1 + refills)), dates and status.
-- A stopped or held order ends at its bounds' end, else when its status changed.
-- Records that are no exposure at all (sw_fhir_no_exposure: doNotPerform, a plan or proposal,
-- a draft or cancelled order, not taken, not handed over) are not taken, so they are skipped
-- with that reason (records_fhir.sql); entered-in-error records are quarantined.
with medication_index as (
    -- A reference names a Medication of its own file: a batch of files maps as each alone.
    select
        _file,
        key,
        doc->'code' as code
    from fhir_resources,
        unnest([concat('Medication/', doc->>'id'), full_url]) k (key)
    where resource_type = 'Medication' and key is not null
    qualify row_number() over (partition by _file, key order by line) = 1
),

records as (
    select
        r.line,
        r.doc,
        r.resource_type,
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
    left join medication_index m
        on m._file = r._file and m.key = (r.doc->'medicationReference'->>'reference')
    where r.resource_type in ('MedicationRequest', 'MedicationStatement', 'MedicationDispense')
        and sw_fhir_no_exposure(r.resource_type, r.doc) is null
),

named as (
    select
        *,
        coalesce(
            medication->>'text',
            sw_fhir_codings(medication)[1].display,
            doc->'medicationReference'->>'display'
        ) as drug,
        sw_fhir_code(medication, 'rxnorm') as rxnorm
    from records
),

with_statin_name as (
    -- The statin's name as the text writes it (generic before brand, longest first).
    select
        n.*,
        (
            select t.name
            from vocab.statin_names t
            where regexp_matches(lower(n.drug), '\b' || t.name || '\b')
            order by t.kind desc, length(t.name) desc
            limit 1
        ) as statin_name
    from named n
),

dosed as (
    select
        n.*,
        try_cast(n.dosage->'doseAndRate'->0->'doseQuantity'->>'value' as double) as dose_value,
        coalesce(
            n.dosage->'doseAndRate'->0->'doseQuantity'->>'code',
            n.dosage->'doseAndRate'->0->'doseQuantity'->>'unit'
        ) as dose_unit,
        n.dosage->'timing'->'repeat' as rep,
        upper(coalesce(
            n.dosage->'timing'->'code'->'coding'->0->>'code', n.dosage->'timing'->'code'->>'text'
        )) as timing_code,
        -- One tablet's (capsule's) strength and a suspension's mg/mL: the RxNorm clinical
        -- drug's, else the number after the statin's name in the text, read as staging reads it.
        coalesce(
            try_cast(s.strength_mg as double), sw_mg_after(n.drug, n.statin_name)
        ) as unit_strength_mg,
        coalesce(
            try_cast(s.strength_mg_per_ml as double), sw_mg_per_ml_after(n.drug, n.statin_name)
        ) as mg_per_ml
    from with_statin_name n
    left join vocab.rxnorm_statins s on s.rxnorm = n.rxnorm
),

daily as (
    select
        *,
        -- Timing.repeat: frequency (1 when not given) per period; else the timing code.
        coalesce(
            coalesce(try_cast(rep->>'frequency' as double), 1)
            / (try_cast(rep->>'period' as double) * sw_unit_days(rep->>'periodUnit')),
            case timing_code
                when 'QD' then 1.0 when 'BID' then 2.0 when 'TID' then 3.0
                when 'QID' then 4.0 when 'QOD' then 0.5 when 'AM' then 1.0 when 'PM' then 1.0
                when 'QAM' then 1.0 when 'QPM' then 1.0 when 'HS' then 1.0 when 'QHS' then 1.0
                when 'BED' then 1.0 when 'Q1H' then 24.0 when 'Q2H' then 12.0
                when 'Q3H' then 8.0 when 'Q4H' then 6.0 when 'Q6H' then 4.0 when 'Q8H' then 3.0
                when 'WK' then 1.0 / 7 when 'MO' then 1.0 / 30
            end
        ) as times_per_day,
        sw_count_unit(dose_unit) and dose_value is not null as counted_dose,
        case when sw_count_unit(dose_unit) then coalesce(dose_value, 1) else 1 end as units_per_dose
    from dosed
),

supplied as (
    select
        *,
        -- Tablets (or other units) a day, for a supply given as a quantity.
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
    drug,
    rxnorm,
    round(coalesce(
        sw_mass_mg(dose_value, dose_unit),
        case when counted_dose then dose_value * unit_strength_mg end,
        sw_volume_ml(dose_value, dose_unit) * mg_per_ml
    ), 4) as dose_mg,
    round(times_per_day, 4) as doses_per_day,
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
        when 'MedicationRequest'
            then coalesce(
                    rep->'boundsPeriod'->>'end',
                    case
                        when (doc->>'status') in ('stopped', 'on-hold')
                            then doc->>'statusChanged'
                    end
                )
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
        when (doc->>'status') not in (
                'active', 'completed', 'stopped', 'on-hold', 'in-progress', 'unknown'
            )
            then 'FHIR ' || resource_type || ' status ' || (doc->>'status')
                || ': not a medication exposure'
    end as _reject
from supplied
