-- Falachefe embedded schema (SQLite), after the seed architecture document.
-- Conventions: every timestamp is unix epoch milliseconds (INTEGER); ledger days are
-- ISO `yyyy-MM-dd` text; JSON columns are text checked with json_valid(); ids of
-- companies, users, crews, agents and ledger entries are lowercase UUID text.
-- Tables are STRICT so that a wrongly typed bind fails loudly instead of being coerced.

CREATE TABLE companies (
  id            TEXT PRIMARY KEY NOT NULL,
  slug          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
  paused_reason TEXT,
  settings      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

-- One connected WhatsApp number per company (instance-per-company resolution).
CREATE TABLE uaz_instances (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  company_id TEXT NOT NULL UNIQUE REFERENCES companies(id) ON DELETE CASCADE,
  owner      TEXT NOT NULL UNIQUE,
  token      TEXT NOT NULL,
  base_url   TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id              TEXT PRIMARY KEY NOT NULL,
  company_id      TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  phone           TEXT NOT NULL,
  phone_canonical TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  created_at      INTEGER NOT NULL,
  UNIQUE (company_id, phone_canonical)
) STRICT;

CREATE TABLE crews (
  id            TEXT PRIMARY KEY NOT NULL,
  company_id    TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name          TEXT NOT NULL CHECK (length(name) >= 3),
  description   TEXT,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled', 'maintenance')),
  config        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  llm_config    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(llm_config)),
  memory_config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(memory_config)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_crews_company_id ON crews(company_id);
CREATE INDEX idx_crews_status ON crews(status);

CREATE TABLE crew_agents (
  id                  TEXT PRIMARY KEY NOT NULL,
  crew_id             TEXT NOT NULL REFERENCES crews(id) ON DELETE CASCADE,
  name                TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('orchestrator', 'financial', 'marketing', 'hr', 'support')),
  goal                TEXT NOT NULL CHECK (length(goal) >= 10),
  backstory           TEXT NOT NULL,
  tools               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tools) AND json_type(tools) = 'array'),
  status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'maintenance')),
  config              TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  performance_metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(performance_metrics)),
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_crew_agents_crew_id ON crew_agents(crew_id);
CREATE INDEX idx_crew_agents_role ON crew_agents(role);

CREATE TABLE conversations (
  id                      TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
  company_id              TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone_canonical         TEXT NOT NULL,
  user_id                 TEXT REFERENCES users(id) ON DELETE SET NULL,
  current_agent           TEXT,
  handoff_history         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(handoff_history)),
  requires_human_approval INTEGER NOT NULL DEFAULT 0 CHECK (requires_human_approval IN (0, 1)),
  human_approval_status   TEXT NOT NULL DEFAULT 'not_required'
                          CHECK (human_approval_status IN ('not_required', 'pending', 'approved', 'rejected')),
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL,
  UNIQUE (company_id, phone_canonical)
) STRICT;

-- The durable inbox: a row exists before the webhook is acknowledged. `sequence` is
-- AUTOINCREMENT so that it never goes back, even after pruning the newest rows.
CREATE TABLE inbox (
  sequence        INTEGER PRIMARY KEY AUTOINCREMENT,
  company_id      TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  message_id      TEXT NOT NULL,
  sender_phone    TEXT NOT NULL,
  phone_canonical TEXT NOT NULL,
  sender_name     TEXT,
  text            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('text', 'media')),
  media_type      TEXT,
  sent_at         INTEGER NOT NULL,
  received_at     INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed', 'rate_limited')),
  agent           TEXT,
  error           TEXT,
  processed_at    INTEGER,
  UNIQUE (company_id, message_id)
) STRICT;

CREATE INDEX idx_inbox_company_status_sequence ON inbox(company_id, status, sequence);
CREATE INDEX idx_inbox_conversation ON inbox(company_id, phone_canonical, sequence);

CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  company_id          TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone               TEXT NOT NULL,
  phone_canonical     TEXT NOT NULL,
  text                TEXT NOT NULL,
  agent               TEXT,
  in_reply_to         TEXT NOT NULL,
  part                INTEGER NOT NULL CHECK (part >= 0),
  status              TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'played', 'failed')),
  provider_message_id TEXT,
  attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at     INTEGER NOT NULL,
  last_error          TEXT,
  created_at          INTEGER NOT NULL,
  sent_at             INTEGER,
  UNIQUE (company_id, in_reply_to, part)
) STRICT;

CREATE INDEX idx_outbox_company_provider ON outbox(company_id, provider_message_id);
CREATE INDEX idx_outbox_company_status_id ON outbox(company_id, status, id);
CREATE INDEX idx_outbox_conversation ON outbox(company_id, phone_canonical, id);

CREATE TABLE ledger_entries (
  id                TEXT PRIMARY KEY NOT NULL,
  company_id        TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
  amount_cents      INTEGER NOT NULL CHECK (amount_cents > 0),
  category          TEXT NOT NULL,
  day               TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  description       TEXT NOT NULL,
  source_message_id TEXT NOT NULL,
  user_id           TEXT,
  created_at        INTEGER NOT NULL,
  UNIQUE (company_id, source_message_id)
) STRICT;

CREATE INDEX idx_ledger_entries_company_day ON ledger_entries(company_id, day);

CREATE TABLE onboarding_replies (
  company_id      TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone_canonical TEXT NOT NULL,
  last_sent_at    INTEGER NOT NULL,
  PRIMARY KEY (company_id, phone_canonical)
) STRICT, WITHOUT ROWID;

-- Admin actions. `company_id` is NULL for platform-wide actions and has no foreign key:
-- the log outlives the companies it mentions.
CREATE TABLE audit_logs (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  company_id TEXT,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_audit_logs_company_id ON audit_logs(company_id, id);
