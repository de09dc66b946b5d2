DROP TABLE conversions;
DROP TABLE users;
