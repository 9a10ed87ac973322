-- Each line of a JSON Lines file as text, with its line number and its parsed document (null
-- when it is not JSON). Lines are split on a control character JSON never holds unescaped, into
-- `l` and `rest`: a line holding that character is still a line (quarantined as invalid JSON),
-- never dropped as blank. Empty fields stay '' (nullstr is never met) so blank means blank.
create or replace temp table landing_lines as
select
    ordinality as line,
    l || coalesce($delim || rest, '') as text,
    try(json(l || coalesce($delim || rest, ''))) as doc
from read_csv(
    $path, columns = {'l': 'varchar', 'rest': 'varchar'}, header = false, delim = $delim,
    quote = '', escape = '', auto_detect = false, strict_mode = false, null_padding = true,
    nullstr = $never
) with ordinality
where l is not null and (rest is not null or not regexp_matches(l, '^[ \t]*$'))
