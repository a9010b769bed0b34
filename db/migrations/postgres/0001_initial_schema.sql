-- Falachefe production schema (PostgreSQL 15+): the tables the runtime uses, translated
-- from db/migrations/sqlite/0001–0004 into one file (no PostgreSQL database predates it).
-- Conventions:
--   * ids of companies, users, crews, agents, tasks, memories and ledger entries are text
--     (lowercase UUIDs written by the server), exactly as in SQLite, so ids round-trip;
--   * every timestamp is `timestamptz(3)`: the adapter keeps millisecond precision, like
--     SQLite's epoch-ms integers; dates inside JSON stay epoch milliseconds;
--   * JSON is `jsonb`, with CHECKs on its shape where SQLite used json_valid();
--   * ledger days are `date`, budget months `yyyy-MM` text;
--   * every tenant table carries `company_id` (row level security keys on it later).
-- Values are always bound by the adapter; the literals below are fixed vocabularies.

CREATE TABLE companies (
  id            text PRIMARY KEY,
  slug          text NOT NULL CONSTRAINT companies_slug_key UNIQUE,
  name          text NOT NULL,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
  paused_reason text,
  settings      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now()
);

-- One connected WhatsApp number per company (instance-per-company resolution).
CREATE TABLE uaz_instances (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  company_id text NOT NULL CONSTRAINT uaz_instances_company_id_key UNIQUE
             REFERENCES companies(id) ON DELETE CASCADE,
  owner      text NOT NULL CONSTRAINT uaz_instances_owner_key UNIQUE,
  token      text NOT NULL,
  base_url   text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id              text PRIMARY KEY,
  company_id      text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name            text NOT NULL,
  phone           text NOT NULL,
  phone_canonical text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin', 'user')),
  email           text,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT users_company_phone_key UNIQUE (company_id, phone_canonical)
);

-- Admin API tokens of a company; only the SHA-256 of a token is stored.
CREATE TABLE admin_tokens (
  token_hash text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('admin', 'user')),
  name       text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_admin_tokens_company_id ON admin_tokens(company_id);

CREATE TABLE crews (
  id            text PRIMARY KEY,
  company_id    text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name          text NOT NULL CONSTRAINT chk_crews_name_length CHECK (length(name) >= 3),
  description   text,
  status        text NOT NULL DEFAULT 'active'
                CONSTRAINT chk_crews_status CHECK (status IN ('active', 'paused', 'disabled', 'maintenance')),
  config        jsonb NOT NULL DEFAULT '{}',
  llm_config    jsonb NOT NULL DEFAULT '{}',
  memory_config jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_crews_company_id ON crews(company_id, created_at);
CREATE INDEX idx_crews_status ON crews(status);

CREATE TABLE crew_agents (
  id                  text PRIMARY KEY,
  crew_id             text NOT NULL REFERENCES crews(id) ON DELETE CASCADE,
  name                text NOT NULL,
  role                text NOT NULL CONSTRAINT chk_crew_agents_role
                      CHECK (role IN ('orchestrator', 'financial', 'marketing', 'hr', 'support')),
  goal                text NOT NULL CONSTRAINT chk_crew_agents_goal_length CHECK (length(goal) >= 10),
  backstory           text NOT NULL,
  tools               jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tools) = 'array'),
  status              text NOT NULL DEFAULT 'active'
                      CONSTRAINT chk_crew_agents_status CHECK (status IN ('active', 'inactive', 'maintenance')),
  config              jsonb NOT NULL DEFAULT '{}',
  performance_metrics jsonb NOT NULL DEFAULT '{}',
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  updated_at          timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_crew_agents_crew_id ON crew_agents(crew_id, role);

-- The crew's state of one conversation (tenant + canonical phone). `current_agent` is the
-- answering agent's role, `current_agent_id` its `crew_agents` row. Dates inside
-- `pending_action` and `handoff_history` are epoch milliseconds.
CREATE TABLE conversations (
  id                      text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  company_id              text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone_canonical         text NOT NULL,
  user_id                 text REFERENCES users(id) ON DELETE SET NULL,
  current_agent           text,
  current_agent_id        text REFERENCES crew_agents(id) ON DELETE SET NULL,
  handoff_history         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(handoff_history) = 'array'),
  pending_action          jsonb,
  crew_context            jsonb NOT NULL DEFAULT '{}',
  requires_human_approval boolean NOT NULL DEFAULT false,
  human_approval_status   text NOT NULL DEFAULT 'not_required'
                          CONSTRAINT chk_conversations_human_approval_status
                          CHECK (human_approval_status IN ('not_required', 'pending', 'approved', 'rejected')),
  created_at              timestamptz(3) NOT NULL DEFAULT now(),
  updated_at              timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT conversations_company_phone_key UNIQUE (company_id, phone_canonical)
);

CREATE INDEX idx_conversations_company_date ON conversations(company_id, created_at DESC);

-- The durable inbox: a row exists before the webhook is acknowledged. `sequence` comes
-- from a sequence, so it never goes back, even after pruning the newest rows.
CREATE TABLE inbox (
  sequence        bigserial PRIMARY KEY,
  company_id      text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  message_id      text NOT NULL,
  sender_phone    text NOT NULL,
  phone_canonical text NOT NULL,
  sender_name     text,
  text            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('text', 'media')),
  media_type      text,
  sent_at         timestamptz(3) NOT NULL,
  received_at     timestamptz(3) NOT NULL,
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'processed', 'failed', 'rate_limited')),
  agent           text,
  error           text,
  processed_at    timestamptz(3),
  CONSTRAINT inbox_company_message_key UNIQUE (company_id, message_id)
);

-- Replay of a tenant's pending rows in order (partial: closed rows are most of the table).
CREATE INDEX idx_inbox_pending ON inbox(company_id, sequence) WHERE status = 'pending';
CREATE INDEX idx_inbox_conversation ON inbox(company_id, phone_canonical, sequence);
-- The retention prune deletes closed rows by age.
CREATE INDEX idx_inbox_received_at ON inbox(received_at);

CREATE TABLE outbox (
  id                  bigserial PRIMARY KEY,
  company_id          text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone               text NOT NULL,
  phone_canonical     text NOT NULL,
  text                text NOT NULL,
  agent               text,
  in_reply_to         text NOT NULL,
  part                integer NOT NULL CHECK (part >= 0),
  status              text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'played', 'failed')),
  provider_message_id text,
  attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at     timestamptz(3) NOT NULL,
  last_error          text,
  created_at          timestamptz(3) NOT NULL,
  sent_at             timestamptz(3),
  CONSTRAINT outbox_reply_part_key UNIQUE (company_id, in_reply_to, part)
);

CREATE INDEX idx_outbox_company_provider ON outbox(company_id, provider_message_id);
CREATE INDEX idx_outbox_pending ON outbox(company_id, id) WHERE status = 'pending';
CREATE INDEX idx_outbox_conversation ON outbox(company_id, phone_canonical, id);

-- `seq` orders entries booked in the same millisecond by insertion (SQLite's rowid).
CREATE TABLE ledger_entries (
  id                text PRIMARY KEY,
  seq               bigint GENERATED ALWAYS AS IDENTITY,
  company_id        text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('income', 'expense')),
  amount_cents      bigint NOT NULL CHECK (amount_cents > 0),
  category          text NOT NULL,
  day               date NOT NULL,
  description       text NOT NULL,
  source_message_id text NOT NULL,
  user_id           text,
  created_at        timestamptz(3) NOT NULL,
  CONSTRAINT ledger_entries_source_key UNIQUE (company_id, source_message_id)
);

CREATE INDEX idx_ledger_entries_company_day ON ledger_entries(company_id, day);

CREATE TABLE onboarding_replies (
  company_id      text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone_canonical text NOT NULL,
  last_sent_at    timestamptz(3) NOT NULL,
  PRIMARY KEY (company_id, phone_canonical)
);

-- Admin actions. `company_id` is NULL for platform-wide actions and has no foreign key:
-- the log outlives the companies it mentions.
CREATE TABLE audit_logs (
  id         bigserial PRIMARY KEY,
  company_id text,
  actor      text NOT NULL,
  action     text NOT NULL,
  detail     text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_audit_logs_company_id ON audit_logs(company_id, id);

-- One agent's work on one inbound message. `conversation_id` has no foreign key (see the
-- SQLite 0004 notes); `agent_role` keeps the task readable if the agent row goes.
-- `result` holds `{"tool_calls": [...]}`, `token_usage` `{"prompt": n, "completion": n}`.
CREATE TABLE crew_tasks (
  id                text PRIMARY KEY,
  seq               bigint GENERATED ALWAYS AS IDENTITY,
  company_id        text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  crew_id           text REFERENCES crews(id) ON DELETE SET NULL,
  agent_id          text REFERENCES crew_agents(id) ON DELETE SET NULL,
  agent_role        text NOT NULL CHECK (agent_role IN ('orchestrator', 'financial', 'marketing', 'hr', 'support')),
  conversation_id   text NOT NULL,
  message_id        text NOT NULL,
  description       text NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CONSTRAINT chk_crew_tasks_status
                    CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
  engine            text NOT NULL CHECK (engine IN ('builtin', 'llm')),
  model             text,
  result            jsonb NOT NULL DEFAULT '{}',
  error_message     text,
  execution_time_ms integer NOT NULL DEFAULT 0 CONSTRAINT chk_crew_tasks_execution_time CHECK (execution_time_ms >= 0),
  token_usage       jsonb NOT NULL DEFAULT '{"prompt": 0, "completion": 0}',
  cost_usd          numeric(12, 6) NOT NULL DEFAULT 0 CONSTRAINT chk_crew_tasks_cost CHECK (cost_usd >= 0),
  metadata          jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz(3) NOT NULL,
  completed_at      timestamptz(3)
);

-- Newest tasks of a company and its LLM spend since a date (cost in the index).
CREATE INDEX idx_crew_tasks_company_created ON crew_tasks(company_id, created_at) INCLUDE (cost_usd);
CREATE INDEX idx_crew_tasks_conversation ON crew_tasks(company_id, conversation_id);
CREATE INDEX idx_crew_tasks_status ON crew_tasks(status, created_at);

-- What the crew remembers about one user of one company. `user_id` is the crew's user key
-- (a `users.id`, or the phone of an unregistered sender), so it has no foreign key.
CREATE TABLE crew_memories (
  id               text PRIMARY KEY,
  company_id       text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  user_id          text NOT NULL,
  conversation_id  text,
  memory_type      text NOT NULL CONSTRAINT chk_crew_memories_type
                   CHECK (memory_type IN ('fact', 'preference', 'context', 'learning', 'pattern')),
  category         text,
  content          text NOT NULL,
  summary          text,
  importance_score integer NOT NULL DEFAULT 1
                   CONSTRAINT chk_crew_memories_importance CHECK (importance_score BETWEEN 1 AND 10),
  access_count     integer NOT NULL DEFAULT 0 CONSTRAINT chk_crew_memories_access_count CHECK (access_count >= 0),
  last_accessed_at timestamptz(3),
  metadata         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz(3) NOT NULL,
  updated_at       timestamptz(3) NOT NULL
);

-- A user's memories, most important and most recent first.
CREATE INDEX idx_crew_memories_company_user
  ON crew_memories(company_id, user_id, importance_score DESC, updated_at DESC);
-- The cleanup sweep: memories idle since a date, below an importance.
CREATE INDEX idx_crew_memories_cleanup
  ON crew_memories((coalesce(last_accessed_at, created_at)), importance_score);

-- Monthly spending limit of one expense category (`month` is `yyyy-MM`).
CREATE TABLE budgets (
  company_id  text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  month       text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  category    text NOT NULL,
  limit_cents bigint NOT NULL CHECK (limit_cents > 0),
  updated_at  timestamptz(3) NOT NULL,
  PRIMARY KEY (company_id, month, category)
);
