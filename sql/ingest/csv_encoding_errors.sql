-- Whether the CSV just read has bytes that are not in the encoding it was read as, so it is
-- read again in the fallback encoding rather than losing those lines.
select exists (from csv_rejects where error_type = 'INVALID ENCODING')
