-- Whether the CSV reader rejected any record of the files just read (a batch is then read
-- again one file at a time, where each rejected line is numbered and quarantined).
select exists (from csv_rejects)
