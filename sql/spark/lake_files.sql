-- The Parquet files of a table in the lake, kept in a session variable: the view reading
-- them in place (lake_view.sql) cannot take a bound parameter.
set variable {variable} = $files
