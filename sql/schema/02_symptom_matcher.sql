-- The free-text muscle-symptom matcher (docs/formats.md, "Free text"). It reads exercise and
-- symptom notes conservatively: only explicit muscle complaints count (weakness of a limb or
-- muscle, cramps, muscle pain or aches), never "sore" or "stiff", which after exercise are the
-- expected soreness the DOMS rules already weigh. A clause ends at . ; ! ? or a line break and
-- at but / although / however, and everything after a negation cue in a clause is dropped, so
-- "no pain, legs fine" and "denies cramps or weakness" match nothing while "no pain but calves
-- cramped" is a cramp. A clause saying the complaint is gone or resolved is dropped whole.
create or replace macro sw_note_body_part() as (
    '(?:legs?|arms?|thighs?|calf|calves|muscles?|hips?|shoulders?|quads?|hamstrings?|glutes?'
    || '|buttocks?)'
);
-- The words of a cramp: "cramp", "cramped", "cramping", "crampy", "charley horse".
create or replace macro sw_note_cramp_word() as '(?:cramp(?:s|ed|ing|y)?|charley ?horses?)';
create or replace macro sw_note_clauses(txt) as string_split_regex(
    lower(txt), '[.;!?\n]+|\s+(?:but|although|though|however|whereas)\s+'
);
create or replace macro sw_note_affirmed(clause) as regexp_replace(
    clause,
    '(?:\b(?:no|not|nor|never|none|nothing|denies|denied|deny|denying|without|free of'
    || '|negative for)\b|n''t\b).*$',
    ''
);
create or replace macro sw_note_resolved(clause) as regexp_matches(
    clause, '\b(?:gone|resolved|went away|subsided)\b'
);
create or replace macro sw_clause_symptom(clause) as case
    when sw_note_resolved(clause) then null
    when regexp_matches(
            sw_note_affirmed(clause),
            '\bweakness\b|\b' || sw_note_body_part() || '\b(?:\W+\w+){0,3}?\W+weak\b'
            || '|\bweak\b(?:\W+\w+){0,3}?\W+' || sw_note_body_part() || '\b'
        ) then 'weakness'
    when regexp_matches(
            sw_note_affirmed(clause),
            '\b' || sw_note_cramp_word() || '\b|\bmuscle spasms?\b'
        ) then 'cramp'
    when regexp_matches(
            sw_note_affirmed(clause),
            '\bmyalgias?\b|\bmuscle (?:pain|aches?|aching)\b'
            || '|\b(?:aching|achy|painful)\W+(?:\w+\W+){0,2}?'
            || sw_note_body_part() || '\b|\b' || sw_note_body_part()
            || '\W+(?:\w+\W+){0,2}?(?:ache|aches|aching|achy|hurt|hurts|hurting|pain|painful)\b'
            || '|\b(?:pain|aches?)\W+in\W+(?:\w+\W+){0,2}?' || sw_note_body_part() || '\b'
        ) then 'myalgia'
end;
-- The most telling complaint a note affirms: weakness before cramp before muscle pain.
create or replace macro sw_muscle_mention(txt) as ['weakness', 'cramp', 'myalgia'][
    list_min(list_transform(
        sw_note_clauses(txt),
        lambda clause: list_position(['weakness', 'cramp', 'myalgia'], sw_clause_symptom(clause))
    ))
];
-- Whether a note affirms a cramp at night ("cramps at night", "night cramps", "woke up with a
-- calf cramp", "cramps woke me"): the night word must sit next to the cramp in an affirmed
-- clause, so "cramps in the day, slept fine at night" is not one.
create or replace macro sw_night_cramp_mention(txt) as coalesce(list_bool_or(list_transform(
    sw_note_clauses(txt),
    lambda clause: not sw_note_resolved(clause) and regexp_matches(
        sw_note_affirmed(clause),
        '\b(?:night|nightly|nighttime|nocturnal|overnight)\W+(?:\w+\W+){0,2}?'
        || sw_note_cramp_word()
        || '|\b' || sw_note_cramp_word() || '\W+(?:\w+\W+){0,3}?'
        || '(?:at night|in the night|overnight|during the night|in (?:my|the) sleep)\b'
        || '|\bwo(?:ke|ken|king)\W+(?:(?:me|up)\W+){0,2}(?:with|from|by|to)\W+(?:\w+\W+){0,2}?'
        || sw_note_cramp_word()
        || '|\b' || sw_note_cramp_word() || '\W+(?:\w+\W+){0,2}?wo(?:ke|ken|king)\b'
    )
)), false);
