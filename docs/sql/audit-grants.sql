-- The application's PostgreSQL role may read and append audit events, never change or
-- delete them (docs/audit-trail.md). Run as the owner of the tables (the role that runs
-- the migrations), after every `manage.py migrate`:
--
--   psql "$OWNER_DATABASE_URL" -v app_role=licensing_app -f docs/sql/audit-grants.sql
--
-- The application then connects as `app_role` (DATABASE_URL), which must not own the
-- tables: an owner can grant itself anything and drop the triggers.

\set ON_ERROR_STOP on

GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- The audit trail: read and append only.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON licensing_auditevent FROM :"app_role";
-- Retention erases the payload of an event (before/after) and stamps redacted_at; the
-- trigger licensing_audit_append_only() allows exactly that change and refuses any other.
GRANT UPDATE (before, after, redacted_at) ON licensing_auditevent TO :"app_role";
