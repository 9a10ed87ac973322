-- CK results as multiples of the result's own upper reference limit (sex-specific default
-- when the lab sent none; clinical.md §2.5), tiered as in the EAS consensus (sw_ck_tier,
-- labels in vocabulary/ck_tiers.csv), and marked confounded when drawn within
-- $exercise_ck_confounding_days days after strenuous exercise, because exercise alone raises
-- CK for days (§4).
create or replace table clinical.ck_results as
with results as (
    select
        l.patient_id,
        l.collected_at,
        l.collected_date,
        l.value as ck_u_per_l,
        coalesce(
            l.ref_high,
            case p.sex
                when 'F' then $ck_uln_female when 'M' then $ck_uln_male else $ck_uln_unknown
            end
        )
            as uln_u_per_l,
        l.ref_high is null as uln_defaulted
    from staging.labs l
    left join staging.patients p using (patient_id)
    where l.is_ck and l.collected_date <= $as_of
)

select
    r.*,
    r.ck_u_per_l / r.uln_u_per_l as uln_multiple,
    t.label as tier,
    e.start_time is not null as is_exercise_confounded,
    e.activity as confounding_activity,
    e.session_date as confounding_session_date,
    cast($as_of as date) as as_of
from results r
join vocab.ck_tiers t
    on
        cast(t.tier as integer)
        = sw_ck_tier(r.ck_u_per_l / r.uln_u_per_l, $ck_tier_4x, $ck_tier_10x, $ck_tier_40x)
left join clinical.exercise_sessions e
    on e.patient_id = r.patient_id
        and e.is_strenuous
        and e.end_time <= r.collected_at
        and e.end_time >= r.collected_at - to_days(cast($exercise_ck_confounding_days as integer))
qualify row_number()
        over (
            partition by r.patient_id, r.collected_at, r.ck_u_per_l
            order by e.end_time desc nulls last
        )
    = 1
