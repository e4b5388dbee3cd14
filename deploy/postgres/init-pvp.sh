#!/bin/sh
# Run once by the postgres image on its first start (/docker-entrypoint-initdb.d), as the superuser:
# the registry database owned by pvp_owner (migrations run with it), and pvp_app, the web app's login, which may
# read and write the rows of the tables pvp_owner creates but not change the schema.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v db="$PVP_DB_NAME" -v owner_password="$PVP_OWNER_PASSWORD" -v app_password="$PVP_APP_PASSWORD" \
  -f /opt/pvp-init/pvp-logins.sql
