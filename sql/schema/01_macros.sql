-- Parsing helpers shared by every stream's validation, so all streams read values alike.
-- sw_wall_ts keeps the wall-clock time as written: the contract treats a timestamp without
-- an offset as the patient's local time, and an offset only tells us where that clock was.
-- DuckDB also reads 'infinity' and 'nan' as values; no clinical fact is infinitely far off or
-- infinitely large, so those count as unparseable.
create or replace macro sw_finite(x) as case when isfinite(x) then x end;
create or replace macro sw_wall_ts(s) as sw_finite(try_cast(
    regexp_replace(
        trim(s),
        '^(.*\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}:?\d{2})$',
        '\1'
    ) as timestamp
));
create or replace macro sw_offset_min(s) as case
    when regexp_matches(trim(s), '\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*Z$') then 0
    when regexp_matches(trim(s), '\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}:?\d{2}$') then
        (case when regexp_extract(trim(s), '([+-])\d{2}:?\d{2}$', 1) = '-' then -1 else 1 end)
        * (
            cast(regexp_extract(trim(s), '([+-])(\d{2}):?(\d{2})$', 2) as integer) * 60
            + cast(regexp_extract(trim(s), '([+-])(\d{2}):?(\d{2})$', 3) as integer)
        )
end;
create or replace macro sw_date(s) as coalesce(
    sw_finite(try_cast(trim(s) as date)), cast(sw_wall_ts(s) as date)
);
create or replace macro sw_num(s) as sw_finite(try_cast(trim(s) as double));
create or replace macro sw_blank(s) as s is null or trim(s) = '';
create or replace macro sw_bool(s) as case
    when lower(trim(s)) in ('true', 't', 'yes', 'y', '1') then true
    when lower(trim(s)) in ('false', 'f', 'no', 'n', '0') then false
end;
-- A value that is present but does not parse is an error; an absent value is not.
create or replace macro sw_bad_num(s) as not sw_blank(s) and sw_num(s) is null;
create or replace macro sw_bad_bool(s) as not sw_blank(s) and sw_bool(s) is null;
create or replace macro sw_bad_date(s) as not sw_blank(s) and sw_date(s) is null;
create or replace macro sw_shown(s) as '''' || left(s, 40) || '''';
-- CK arrives as "CK", LOINC 2157-6 or spelled out; units as U/L (= IU/L) or µkat/L (× 60).
create or replace macro sw_is_ck(test) as
lower(trim(test)) in ('ck', '2157-6', 'cpk', 'creatine kinase', 'creatine phosphokinase');
create or replace macro sw_ck_factor(unit) as case
    when unit is null or trim(unit) = '' then 1.0
    when
        lower(replace(trim(unit), ' ', '')) in ('u/l', 'iu/l', 'unit/l', 'units/l', '[iu]/l')
        then 1.0
    when lower(replace(replace(trim(unit), ' ', ''), 'µ', 'u')) in ('ukat/l') then 60.0
end;
-- A CK result's EAS tier from its multiple of the upper limit (clinical.md §2.2): 0 at or
-- below 1×, then 1 (1-4×), 2 (4-10×), 3 (10-40×), 4 (> 40×); each limit belongs to the tier
-- below it ("> 4× ULN"). The limits come from rules/rules.toml; null counts as 0.
create or replace macro sw_ck_tier(multiple, tier_4x, tier_10x, tier_40x) as case
    when multiple > tier_40x then 4
    when multiple > tier_10x then 3
    when multiple > tier_4x then 2
    when multiple > 1 then 1
    else 0
end;
-- How grave a statin interaction rule is (vocabulary/interaction_rules.csv levels), for picking
-- the worst one a patient meets: contraindicated, then avoid, then a dose limit, then caution.
create or replace macro sw_interaction_rank(level) as case level
    when 'contraindicated' then 4 when 'avoid' then 3 when 'dose_limit' then 2 else 1
end;
-- Numbers as a clinician reads them: one decimal at most, no trailing ".0".
create or replace macro sw_num_text(x) as regexp_replace(cast(round(x, 1) as varchar), '\.0$', '');
-- A row's fingerprint: its values as a JSON array (distinct values can never run together),
-- hashed. Landing rows and `statinwatch review` entries use the same one, so the same
-- disposition from a file and from the terminal is seen as one.
create or replace macro sw_row_fingerprint(r) as md5(cast(to_json(r) as varchar));
-- A span of days as a clinician reads it: "2026-06-11" or "2026-06-11 to 2026-06-13".
create or replace macro sw_day_span(first_day, last_day) as strftime(first_day, '%Y-%m-%d')
|| case
    when last_day > first_day then ' to ' || strftime(last_day, '%Y-%m-%d') else ''
end;
-- The SAMS-CI band of a score (clinical.md §2.1: 2-6 unlikely, 7-8 possible, 9-11 probable).
create or replace macro sw_sams_ci_band(score, probable_min, possible_min) as case
    when score >= probable_min then 'probable'
    when score >= possible_min then 'possible'
    when score is not null then 'unlikely'
end;
