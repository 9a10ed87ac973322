-- How far an incrementally maintained table has taken in landing files when its rows do not
-- say it themselves: staging.exercise takes heart-rate and minute files that add no row of
-- their own, and clinical.exercise_sessions re-judges sessions those files changed. File ids
-- only rise, so one number per table says which files are new.
create table if not exists ingest.incremental_progress (
    table_name varchar primary key,
    last_file_id bigint not null
);
