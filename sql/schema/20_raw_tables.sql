-- Typed rows accepted from landing files, one table per stream; row_hash makes a row
-- that arrives again in another file a counted duplicate instead of a second copy.
create table if not exists raw.patients (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, birth_date date, sex varchar, weight_kg double,
    height_cm double, egfr double, hypothyroid boolean
);
create table if not exists raw.medications (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, drug varchar not null, rxnorm varchar, dose_mg double,
    doses_per_day double, start_date date not null, end_date date, days_supply integer,
    record_type varchar, status varchar
);
create table if not exists raw.exercise (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, start_time timestamp not null, utc_offset_min integer,
    duration_min double not null, activity varchar not null, intensity varchar,
    avg_hr double, distance_km double, elevation_loss_m double, rpe double,
    soreness double, notes varchar
);
create table if not exists raw.symptoms (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, reported_at timestamp not null, utc_offset_min integer,
    symptom varchar not null, severity double, body_site varchar, side varchar,
    nocturnal boolean, dark_urine boolean, notes varchar
);
create table if not exists raw.labs (
    file_id bigint not null, line bigint not null, row_hash varchar not null,
    patient_id varchar not null, collected_at timestamp not null, utc_offset_min integer,
    test varchar not null, value double not null, unit varchar, ref_high double
);
