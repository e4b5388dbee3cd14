-- Run once by the sqlserver-init service as sa (sqlcmd; scripting variables from its environment):
-- the registry database, the owner login that migrations run with, and the application login the web app uses.
-- Safe to run again: existing logins get the passwords given now.
IF DB_ID(N'$(PVP_DB_NAME)') IS NULL EXEC(N'CREATE DATABASE [$(PVP_DB_NAME)]');
GO
IF SUSER_ID(N'pvp_owner') IS NULL
    CREATE LOGIN [pvp_owner] WITH PASSWORD = N'$(PVP_OWNER_PASSWORD)', DEFAULT_DATABASE = [$(PVP_DB_NAME)];
ELSE
    ALTER LOGIN [pvp_owner] WITH PASSWORD = N'$(PVP_OWNER_PASSWORD)';
IF SUSER_ID(N'pvp_app') IS NULL
    CREATE LOGIN [pvp_app] WITH PASSWORD = N'$(PVP_APP_PASSWORD)', DEFAULT_DATABASE = [$(PVP_DB_NAME)];
ELSE
    ALTER LOGIN [pvp_app] WITH PASSWORD = N'$(PVP_APP_PASSWORD)';
GO
USE [$(PVP_DB_NAME)];
GO
-- The owner: creates and changes the schema (pvp migrate), nothing outside this database.
IF USER_ID(N'pvp_owner') IS NULL CREATE USER [pvp_owner] FOR LOGIN [pvp_owner];
ALTER ROLE [db_owner] ADD MEMBER [pvp_owner];
-- The web app: reads and writes rows, never changes the schema; the audit trail's trigger refuses its UPDATE and DELETE.
IF USER_ID(N'pvp_app') IS NULL CREATE USER [pvp_app] FOR LOGIN [pvp_app];
ALTER ROLE [db_datareader] ADD MEMBER [pvp_app];
ALTER ROLE [db_datawriter] ADD MEMBER [pvp_app];
GO
