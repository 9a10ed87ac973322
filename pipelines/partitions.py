"""The as-of date: every asset is partitioned by the day the cohort is judged on."""

import dagster as dg

AS_OF_START = "2015-01-01"
# end_offset=1 makes today a valid partition, so `statinwatch run` defaults to today (UTC).
AS_OF_PARTITIONS = dg.DailyPartitionsDefinition(start_date=AS_OF_START, end_offset=1)
