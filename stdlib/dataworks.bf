# std/dataworks.bf: the common DataWorks scheduling-parameter spellings as bfc params.
#
# DataWorks' ${bizdate} is the data timestamp (the day before the run), formatted
# yyyymmdd; bfc's `bizdate` is already the date of the data interval, and `${bizdate}`
# alone already formats as yyyymmdd. `cyctime` is the scheduled time of the instance.

param bdp_system_bizdate = fmt(bizdate, "%Y%m%d");    # $bizdate
param bdp_system_cyctime = fmt(cyctime, "%Y%m%d%H%M%S"); # $cyctime
param gmtdate = fmt(bizdate + 1d, "%Y%m%d");          # $gmtdate: the run day
param yyyymmdd = fmt(bizdate, "%Y%m%d");              # $[yyyymmdd-1] of the run day
param yyyy_mm_dd = fmt(bizdate, "%Y-%m-%d");
param yyyymm = fmt(bizdate, "%Y%m");
param last_month = fmt(add_months(bizdate, -1), "%Y%m");
param month_first_day = fmt(month_start(bizdate), "%Y%m%d");
param month_last_day = fmt(month_end(bizdate), "%Y%m%d");
param week_first_day = fmt(week_start(bizdate), "%Y%m%d");
param hh24 = fmt(interval_start, "%H");               # $[hh24] of the instance
param mi = fmt(interval_start, "%M");                 # $[mi]
param cyc_yyyymmddhh24miss = fmt(cyctime, "%Y%m%d%H%M%S");
