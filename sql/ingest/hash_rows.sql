-- Fingerprints each valid row by its typed content and marks repeats: the second copy of a
-- row within the file, or any row whose fingerprint an earlier file already brought.
create or replace temp table hashed_rows as
select
    p.*,
    md5(cast(to_json(content) as varchar)) as row_hash,
    row_number() over (partition by md5(cast(to_json(content) as varchar)) order by p.line) as copy_no
from parsed_rows p
positional join (select * exclude (line, record, reject_reason) from parsed_rows) content
where p.reject_reason is null
