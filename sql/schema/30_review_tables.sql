-- Review history: the flagged cohort and the attrition funnel of every as-of date run, and
-- the clinicians' dispositions (append-only: rows are only ever inserted, never changed).
-- Homes made before the table took its asset's name keep their history under the new name.
alter table if exists review.cohort_snapshots rename to flagged_cohort;
create table if not exists review.flagged_cohort (
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
-- Added after the first release: homes created before it get them here, so every home ends
-- up with the same columns in the same order.
alter table review.flagged_cohort add column if not exists intensity varchar;
alter table review.flagged_cohort add column if not exists evidence_onset date;
alter table review.flagged_cohort add column if not exists ck_tier integer;
alter table review.flagged_cohort add column if not exists interacting_drugs varchar[];
alter table review.flagged_cohort add column if not exists review_id bigint;
alter table review.flagged_cohort add column if not exists decision varchar;
alter table review.flagged_cohort add column if not exists reviewed_by varchar;
alter table review.flagged_cohort add column if not exists reviewed_at timestamp;
alter table review.flagged_cohort add column if not exists review_note varchar;
alter table review.flagged_cohort add column if not exists new_evidence varchar;
create table if not exists review.attrition (
    as_of date not null, step_no integer not null, step varchar not null, patients bigint not null
);
create sequence if not exists review.review_id_seq start 1;
-- One row per disposition, from `statinwatch review` (source 'cli') or a landing/reviews/ file
-- (source 'file', with its file_id and line). cohort_as_of is the cohort date the clinician
-- reviewed when they named it; otherwise the latest cohort on or before reviewed_at.
create table if not exists review.review_log (
    review_id bigint primary key default nextval('review.review_id_seq'),
    patient_id varchar not null,
    decision varchar not null check (decision in ('confirmed', 'dismissed', 'escalated')),
    reviewed_by varchar not null,
    note varchar,
    reviewed_at timestamp not null,
    cohort_as_of date,
    source varchar not null default 'file',
    file_id bigint,
    line bigint,
    row_hash varchar not null,
    recorded_at timestamp not null default current_timestamp
);
-- The evidence a clinician saw when deciding: the fingerprint of the reviewed cohort row,
-- copied once per review so later re-runs of that date cannot move it.
create table if not exists review.review_evidence (
    review_id bigint primary key,
    as_of date not null,
    priority varchar not null,
    evidence_onset date,
    ck_tier integer,
    interacting_drugs varchar[],
    statin varchar,
    daily_dose_mg double,
    intensity varchar,
    recorded_at timestamp not null default current_timestamp
);
