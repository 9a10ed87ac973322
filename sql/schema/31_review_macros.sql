-- Orders of concern used when the review stage compares a patient with earlier evidence.
create or replace macro sw_priority_rank(p) as case p
    when 'urgent' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0
end;
create or replace macro sw_intensity_rank(i) as case i
    when 'high' then 3 when 'moderate' then 2 when 'low' then 1 else 0
end;
