DROP TABLE conversion_daily_usage;
