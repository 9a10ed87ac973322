"""The native landing streams of CONTRACT §4: their columns and which ones are required; and
the device streams only exports feed (heart-rate and activity minutes, docs/formats.md)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StreamSpec:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    # Copies of a row share this value, so duplicates are looked for only among stored rows
    # in the new file's range of it: DuckDB skips the other row groups by their min/max.
    dedupe_range_column: str
    # Where accepted rows go and which SQL types them; the native streams use raw.<name> and
    # sql/raw/<name>.sql, the reviews stream its own (statinwatch/reviews.py).
    raw_table: str = ""
    validate_sql: str = ""

    def __post_init__(self) -> None:
        if not self.raw_table:
            object.__setattr__(self, "raw_table", f"raw.{self.name}")
        if not self.validate_sql:
            object.__setattr__(self, "validate_sql", f"raw/{self.name}")

    @property
    def staged_table(self) -> str:
        """The table staging makes of the stream (asset staging/<name>)."""
        return f"staging.{self.name}"


STREAM_SPECS: dict[str, StreamSpec] = {
    spec.name: spec
    for spec in (
        StreamSpec(
            "patients",
            ("patient_id", "birth_date", "sex", "weight_kg", "height_cm", "egfr", "hypothyroid"),
            ("patient_id",),
            "patient_id",
        ),
        StreamSpec(
            "medications",
            (
                "patient_id", "drug", "rxnorm", "dose_mg", "doses_per_day", "start_date",
                "end_date", "days_supply", "record_type", "status",
            ),
            ("patient_id", "drug", "start_date"),
            "start_date",
        ),
        StreamSpec(
            "exercise",
            (
                "patient_id", "start_time", "duration_min", "activity", "intensity", "avg_hr",
                "distance_km", "elevation_loss_m", "rpe", "soreness", "notes",
            ),
            ("patient_id", "start_time", "duration_min", "activity"),
            "start_time",
        ),
        StreamSpec(
            "symptoms",
            (
                "patient_id", "reported_at", "symptom", "severity", "body_site", "side",
                "nocturnal", "dark_urine", "notes",
            ),
            ("patient_id", "reported_at", "symptom"),
            "reported_at",
        ),
        StreamSpec(
            "labs",
            ("patient_id", "collected_at", "test", "value", "unit", "ref_high"),
            ("patient_id", "collected_at", "test", "value"),
            "collected_at",
        ),
    )
}  # fmt: skip

# Streams with no landing folder of their own: exports' device samples, aggregated per patient
# and minute by their mappings (sql/ingest/external/*heart_rate*.sql, fitbit_minute_*.sql).
DEVICE_STREAM_SPECS: dict[str, StreamSpec] = {
    spec.name: spec
    for spec in (
        StreamSpec(
            "heart_rate",
            ("patient_id", "minute", "utc_offset_min", "bpm_avg", "bpm_max", "samples"),
            ("patient_id", "minute", "bpm_avg"),
            "minute",
        ),
        StreamSpec(
            "activity_minutes",
            ("patient_id", "minute", "intensity", "steps"),
            ("patient_id", "minute"),
            "minute",
        ),
    )
}
# Every stream an export's mapping may feed.
EXPORT_STREAM_SPECS: dict[str, StreamSpec] = {**STREAM_SPECS, **DEVICE_STREAM_SPECS}
