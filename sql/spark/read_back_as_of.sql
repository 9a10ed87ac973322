-- One as-of date's rows of a table Spark judged (the cohort snapshot, the attrition funnel),
-- added from its Parquet folder in the lake to the warehouse's history of earlier dates.
insert into {table} by name
select * from read_parquet($files)
where as_of = $as_of
