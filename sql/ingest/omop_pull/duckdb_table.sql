-- A live OMOP DuckDB database's own spelling of the schema and table a pull reads (OMOP
-- exports name tables in either case), or no row when it has no such table.
select
    table_schema,
    table_name
from information_schema.tables
where lower(table_schema) = lower($schema_name) and lower(table_name) = $table_name
order by table_schema, table_name
limit 1
