-- H2 (the embedded default) has no SQL triggers (only Java classes): the application never
-- updates or deletes audit rows, and the hash chain shows any change made from outside.
-- Production runs on PostgreSQL, where db/vendor/postgresql/V8_1 refuses UPDATE, DELETE and TRUNCATE.
SELECT 1;
