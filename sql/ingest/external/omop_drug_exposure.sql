-- OMOP CDM drug_exposure rows as medication rows. Every drug is kept, as for Synthea and
-- FHIR: staging tells statins (by RxNorm) and interacting drugs (by name) apart.
-- RxNorm: the drug concept's code where omop.concept has it in vocabulary RxNorm, else the
-- source concept's, else drug_source_value when it is digits only and at most 7 long (an
-- RXCUI; an NDC has 10 or 11 digits). Name: the concept's, else the source value, else the
-- concept id. The exposure ends on drug_exposure_end_date (required in CDM v5.4); days_supply
-- is kept only within the contract's 1-400 days, because ETLs fill it with 0 when unknown and
-- with end minus start for drugs taken for years (ETL-Synthea), which the end date already
-- says. Quantity over days supply is the tablets or capsules a day of a solid form; the record
-- type comes from drug_type_concept_id (vocabulary/omop_drug_types.csv).
with resolved as (
    select
        d.*,
        coalesce(
            dc.concept_name,
            sc.concept_name,
            nullif(trim(d.drug_source_value), ''),
            'OMOP drug concept ' || d.drug_concept_id
        ) as drug,
        coalesce(
            case when dc.vocabulary_id = 'RxNorm' then dc.concept_code end,
            case when sc.vocabulary_id = 'RxNorm' then sc.concept_code end,
            case
                when regexp_full_match(trim(d.drug_source_value), '[0-9]{1,7}')
                    then trim(d.drug_source_value)
            end
        ) as rxnorm,
        case
            when try_cast(d.days_supply as double) between 1 and 400 then d.days_supply
        end as supply
    from source_rows d
    left join omop.concept dc on dc.concept_id = try_cast(d.drug_concept_id as bigint)
    left join omop.concept sc on sc.concept_id = try_cast(d.drug_source_concept_id as bigint)
)

select
    r._line,
    r._record,
    r.person_id as patient_id,
    r.drug,
    r.rxnorm,
    case
        when
            regexp_matches(lower(r.drug), '\b(tablet|capsule)')
            and try_cast(r.quantity as double) > 0
            then cast(try_cast(r.quantity as double) / try_cast(r.supply as double) as varchar)
    end as doses_per_day,
    r.drug_exposure_start_date as start_date,
    r.drug_exposure_end_date as end_date,
    r.supply as days_supply,
    t.record_type,
    null as _reject
from resolved r
left join vocab.omop_drug_types t on t.type_concept_id = trim(r.drug_type_concept_id)
