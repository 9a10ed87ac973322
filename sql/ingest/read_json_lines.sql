-- Each line of one JSON Lines file, or of a batch of them, as text with its line number in its
-- file, its file and its parsed document (null when it is not JSON). Lines are split on a
-- control character JSON never holds unescaped, into `l` and `rest`: a line holding that
-- character is still a line (quarantined as invalid JSON), never dropped as blank. Empty fields
-- stay '' (nullstr is never met) so blank means blank.
create or replace temp table landing_lines as
select
    line,
    sw_source_file,
    text,
    try(json(text)) as doc
from (
    select
        row_number() over (partition by sw_source_file order by ordinality) as line,
        sw_source_file,
        l,
        rest,
        l || coalesce($delim || rest, '') as text
    from read_csv(
            $paths, columns = { 'l': 'varchar', 'rest': 'varchar' }, header = false, delim = $delim,
            quote = '', escape = '', auto_detect = false, strict_mode = false, null_padding = true,
            nullstr = $never, filename = 'sw_source_file'
        ) with ordinality
)
where l is not null and (rest is not null or not regexp_matches(l, '^[ \t]*$'))
