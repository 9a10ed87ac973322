-- Whether the CSV reader rejected any record of the files just read: a batch is then read
-- again one file at a time, and a file's later lines must be renumbered past the rejected ones.
select exists (from csv_rejects)
