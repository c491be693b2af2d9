-- Least privilege for salesrank: run once, as a superuser (or a role with CREATEROLE that owns
-- the database), connected to the salesrank database, before the first load:
--
--   psql -h db -U postgres -d salesrank -v ON_ERROR_STOP=1 \
--        -v loader_password='…' -v reader_password='…' -f roles.sql
--
-- salesrank_loader: runs the migrations and every publish, retention and `salesrank suppress`; it
--   owns every table, view and partition it creates in the schema public (Flyway's default).
-- salesrank_reader: the read API and reporting users; USAGE on the schema and SELECT on its tables
--   and views, those the loader creates later (each publish's new partition) included. Nothing else.
--
-- :'loader_password' and :'reader_password' are psql variables (given with -v); :"DBNAME" is set by
-- psql to the database it is connected to. This file is not a Flyway migration: it creates
-- cluster-wide roles, which only a DBA should do.

CREATE ROLE salesrank_loader LOGIN PASSWORD :'loader_password';
CREATE ROLE salesrank_reader LOGIN PASSWORD :'reader_password';

GRANT CONNECT ON DATABASE :"DBNAME" TO salesrank_loader, salesrank_reader;

-- PostgreSQL 15 and later already revoke CREATE on public from PUBLIC; older ones do not.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO salesrank_loader;
GRANT USAGE ON SCHEMA public TO salesrank_reader;

-- Tables and views that exist already (none on a new database), and those the loader creates later.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO salesrank_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE salesrank_loader IN SCHEMA public GRANT SELECT ON TABLES TO salesrank_reader;
