-- An OMOP concept file's concepts into omop.concept, replacing what an earlier file said of
-- the same concept_id, so OMOP mappings of this run and later ones can read a concept's
-- name and its RxNorm, SNOMED, LOINC or UCUM code. A concept listed twice keeps its last line.
insert or replace into omop.concept
select
    try_cast(concept_id as bigint) as concept_id,
    concept_name,
    domain_id,
    vocabulary_id,
    concept_code
from source_rows
where try_cast(concept_id as bigint) is not null
qualify row_number() over (partition by try_cast(concept_id as bigint) order by _line desc) = 1
