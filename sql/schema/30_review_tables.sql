-- Review history: the flagged cohort and the attrition funnel of every as-of date run.
create table if not exists review.cohort_snapshots (
    as_of date not null,
    patient_id varchar not null,
    priority varchar not null,
    reasons varchar not null,
    explanation varchar not null,
    statin varchar,
    daily_dose_mg double,
    first_flagged date not null,
    status varchar not null,
    risk_score integer,
    rules_version varchar not null
);
create table if not exists review.attrition (
    as_of date not null, step_no integer not null, step varchar not null, patients bigint not null
);
