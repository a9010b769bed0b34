-- Tenant isolation in the database, as defence in depth behind the adapter's own
-- `WHERE company_id = …`: row level security on every tenant table, keyed by the
-- transaction-local setting `app.company_id`.
--
-- How the adapter uses it (Sources/FalachefePostgres/PostgresStore+Scope.swift):
--   * every per-tenant operation runs in a transaction that starts with
--     `SELECT set_config('app.company_id', $1, true)` (true = local to the transaction, so
--     nothing leaks to the next user of a pooled connection);
--   * the few cross-tenant operations (tenant listing and slug lookup, instance by owner,
--     admin token by hash, tenants with pending work, outbox rows by id, retention sweeps,
--     platform-wide audit entries) set `app.bypass_rls = 'on'` the same way instead;
--     per-tenant operations never do;
--   * the migrator sets `app.bypass_rls` too, so that later migrations may touch data.
-- A session that sets neither sees no rows and can write none.
--
-- ENABLE turns the policies on for roles that do not own the tables (the production
-- server's role: GRANT it SELECT, INSERT, UPDATE, DELETE on the tables and USAGE on the
-- sequences); FORCE subjects the owner too, so a server connecting as the owner (the
-- tests, small installs) is held to the same rules. Superusers and BYPASSRLS roles are not.
--
-- What this guards against: a query of the adapter that forgets its tenant filter, or
-- binds the wrong tenant's id, reads or writes nothing of another company. It does not
-- guard against arbitrary SQL run by the server's role (which may set `app.bypass_rls`
-- itself); values are always bound, never spliced into SQL.
--
-- Foreign keys and unique constraints are checked by PostgreSQL regardless of policies,
-- so a conflict or a missing company is still reported as such.

-- Tables keyed by `company_id`: one isolation policy and one bypass policy each
-- (permissive policies: a row is visible when either allows it). `audit_logs` rows with a
-- NULL company (platform-wide actions) are visible only with the bypass.
DO $$
DECLARE
  tbl text;
BEGIN
  FOREACH tbl IN ARRAY ARRAY[
    'uaz_instances', 'users', 'admin_tokens', 'crews', 'conversations', 'inbox', 'outbox',
    'ledger_entries', 'onboarding_replies', 'audit_logs', 'crew_tasks', 'crew_memories', 'budgets',
    'messages', 'crew_metrics', 'whatsapp_sessions', 'whatsapp_auth_logs'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (company_id = current_setting(''app.company_id'', true)) '
      'WITH CHECK (company_id = current_setting(''app.company_id'', true))', tbl);
    EXECUTE format(
      'CREATE POLICY all_tenants ON %I USING (current_setting(''app.bypass_rls'', true) = ''on'') '
      'WITH CHECK (current_setting(''app.bypass_rls'', true) = ''on'')', tbl);
  END LOOP;
END
$$;

-- The company row itself: its `id` is the tenant key.
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE companies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON companies
  USING (id = current_setting('app.company_id', true))
  WITH CHECK (id = current_setting('app.company_id', true));
CREATE POLICY all_tenants ON companies
  USING (current_setting('app.bypass_rls', true) = 'on')
  WITH CHECK (current_setting('app.bypass_rls', true) = 'on');

-- Crew agents carry no `company_id`: they belong to the company of their crew.
ALTER TABLE crew_agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE crew_agents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON crew_agents
  USING (EXISTS (SELECT 1 FROM crews c
                 WHERE c.id = crew_agents.crew_id AND c.company_id = current_setting('app.company_id', true)))
  WITH CHECK (EXISTS (SELECT 1 FROM crews c
                      WHERE c.id = crew_agents.crew_id AND c.company_id = current_setting('app.company_id', true)));
CREATE POLICY all_tenants ON crew_agents
  USING (current_setting('app.bypass_rls', true) = 'on')
  WITH CHECK (current_setting('app.bypass_rls', true) = 'on');

-- Whether a crew agent id exists in any company. `updateCrewAgent` refuses a profile that
-- carries another company's agent id, which the tenant's own scope cannot see; this
-- answers that one question (a boolean, no row), turning the bypass on only for its own
-- query and restoring the caller's value before returning.
CREATE FUNCTION crew_agent_id_exists(agent_id text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  previous text := coalesce(current_setting('app.bypass_rls', true), '');
  found_id boolean;
BEGIN
  PERFORM set_config('app.bypass_rls', 'on', true);
  SELECT EXISTS (SELECT 1 FROM crew_agents WHERE id = agent_id) INTO found_id;
  PERFORM set_config('app.bypass_rls', previous, true);
  RETURN found_id;
END
$$;
