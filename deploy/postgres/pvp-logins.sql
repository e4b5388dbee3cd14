-- psql variables: db, owner_password, app_password (see init-pvp.sh).
CREATE ROLE pvp_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE pvp_app LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER pvp_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO pvp_app;
\connect :"db"
-- The public schema belongs to the database owner (PostgreSQL 15+); pvp_app may use it but not create in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO pvp_app;
-- Rights on what pvp_owner creates later (the migrations): rows only.
ALTER DEFAULT PRIVILEGES FOR ROLE pvp_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pvp_app;
ALTER DEFAULT PRIVILEGES FOR ROLE pvp_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pvp_app;
