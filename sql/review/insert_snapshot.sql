-- The flagged cohort of one as-of date. History decides the status: `new` when first flagged
-- today (CONTRACT §5), `ongoing` after that, `reviewed` while the patient's latest disposition
-- still covers the evidence, and `ongoing` with `new_evidence` once evidence appears that the
-- reviewer did not see (a new symptom episode, a higher CK tier or priority, a new interacting
-- drug, a higher dose or intensity). That new evidence is carried forward until the next
-- disposition.
insert into review.flagged_cohort by name
with flagged as (
    select
        e.*,
        sw_ck_tier(e.ck_multiple, $ck_tier_4x, $ck_tier_10x, $ck_tier_40x) as ck_tier,
        d.interacting_drugs
    from clinical.patient_evaluation e
    left join (
        select
            patient_id,
            list(distinct interacting_drug order by interacting_drug) as interacting_drugs
        from clinical.interaction_exposures
        group by patient_id
    ) d using (patient_id)
    where e.is_flagged
),

history as (
    select
        patient_id,
        min(as_of) as first_flagged
    from review.flagged_cohort
    where as_of < $as_of
    group by patient_id
),

previous as (
    select
        patient_id,
        review_id,
        new_evidence
    from review.flagged_cohort
    where as_of < $as_of
    qualify row_number() over (partition by patient_id order by as_of desc) = 1
),

latest_review as (
    select
        l.review_id,
        l.patient_id,
        l.decision,
        l.reviewed_by,
        l.reviewed_at,
        l.note,
        v.priority as seen_priority,
        v.evidence_onset as seen_onset,
        v.ck_tier as seen_ck_tier,
        coalesce(v.interacting_drugs, []) as seen_drugs,
        v.statin as seen_statin,
        v.daily_dose_mg as seen_dose_mg,
        v.intensity as seen_intensity
    from review.review_log l
    join review.review_evidence v using (review_id)
    where v.as_of <= $as_of
    qualify
        row_number() over (
            partition by l.patient_id order by l.reviewed_at desc, l.review_id desc
        ) = 1
),

reviewed as (
    select
        f.*,
        r.* exclude (patient_id),
        p.review_id as previous_review_id,
        p.new_evidence as previous_new_evidence,
        h.first_flagged as earlier_first_flagged,
        list_filter(
            coalesce(f.interacting_drugs, []), lambda d: not list_contains(r.seen_drugs, d)
        ) as unseen_drugs
    from flagged f
    left join latest_review r using (patient_id)
    left join previous p using (patient_id)
    left join history h using (patient_id)
),

compared as (
    select
        *,
        case
            when review_id is not null then nullif(concat_ws(
                    '; ',
                    case
                        when sw_priority_rank(priority) > sw_priority_rank(seen_priority)
                            then 'priority rose from ' || seen_priority || ' to ' || priority
                    end,
                    case
                        when onset_date > coalesce(seen_onset, date '0001-01-01')
                            then 'new symptom episode from ' || strftime(onset_date, '%Y-%m-%d')
                    end,
                    case
                        when ck_tier > coalesce(seen_ck_tier, 0)
                            then 'CK rose to ' || sw_num_text(ck_multiple) || '× ULN'
                    end,
                    case
                        when array_length(unseen_drugs) > 0
                            then 'new interacting drug ' || array_to_string(unseen_drugs, ', ')
                    end,
                    case
                        when statin = seen_statin and daily_dose_mg > seen_dose_mg
                            then 'dose raised to ' || sw_num_text(daily_dose_mg) || ' mg/day'
                        when sw_intensity_rank(intensity) > sw_intensity_rank(seen_intensity)
                            then 'statin intensity raised to ' || intensity
                    end
                ), '')
        end as fresh_evidence
    from reviewed
),

decided as (
    select
        *,
        coalesce(
            fresh_evidence,
            case when previous_review_id = review_id then previous_new_evidence end
        ) as new_evidence
    from compared
)

select
    as_of,
    patient_id,
    priority,
    reasons,
    case
        when review_id is null then explanation
        when new_evidence is not null
            then 'New evidence since review (' || decision || ' by ' || reviewed_by || ' on '
                || strftime(reviewed_at, '%Y-%m-%d') || '): ' || new_evidence || '. ' || explanation
        else explanation || ' Reviewed: ' || decision || ' by ' || reviewed_by || ' on '
            || strftime(reviewed_at, '%Y-%m-%d') || '; no new evidence since.'
    end as explanation,
    statin,
    daily_dose_mg,
    coalesce(earlier_first_flagged, as_of) as first_flagged,
    case
        when review_id is not null and new_evidence is null then 'reviewed'
        when earlier_first_flagged is null then 'new'
        else 'ongoing'
    end as status,
    risk_score,
    rules_version,
    intensity,
    onset_date as evidence_onset,
    ck_tier,
    interacting_drugs,
    review_id,
    decision,
    reviewed_by,
    reviewed_at,
    note as review_note,
    new_evidence
from decided
