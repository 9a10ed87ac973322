-- Device streams aggregated as they are ingested (docs/formats.md "Heart rate and minute
-- intensity"): heart-rate samples become one row per patient and minute of one file, Fitbit
-- minute intensities and steps one row per active minute. Raw samples are never stored;
-- row_hash makes the same minute in a second export a counted duplicate.
create table if not exists raw.heart_rate (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, minute timestamp not null, utc_offset_min integer,
    bpm_avg double not null, bpm_max double not null, samples integer not null
);
create table if not exists raw.activity_minutes (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, minute timestamp not null, intensity integer,
    steps integer
);
