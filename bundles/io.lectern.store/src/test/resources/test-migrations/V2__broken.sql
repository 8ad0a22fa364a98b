INSERT INTO missing_table VALUES (2);
