-- Row count of one table, for the row-count metadata every asset reports.
select count(*) from {table}
