-- The crew's state (seed "Novas Tabelas CrewAI" and "Tabelas Adaptadas", adapted):
-- tasks with their language-model cost, memories about a company's users, monthly
-- budgets, the crew columns of conversations and the users' e-mail.
-- Same conventions as 0001: epoch-ms INTEGER timestamps, JSON as checked TEXT, STRICT.

ALTER TABLE users ADD COLUMN email TEXT;

-- `current_agent` (the role, written since 0001) stays the answering agent's name;
-- `current_agent_id` points at its `crew_agents` row. Dates inside `pending_action` and
-- `handoff_history` are epoch milliseconds, like every column.
ALTER TABLE conversations ADD COLUMN current_agent_id TEXT REFERENCES crew_agents(id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN pending_action TEXT CHECK (pending_action IS NULL OR json_valid(pending_action));
ALTER TABLE conversations ADD COLUMN crew_context TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(crew_context));

-- One agent's work on one inbound message. `conversation_id` has no foreign key: it is
-- written in the same transaction as the conversation upsert, which keeps an existing
-- row's id, and a stale id must not make the whole reply fail. `agent_role` keeps the
-- task readable if the agent row goes. `result` holds `{"tool_calls": [...]}`;
-- `token_usage` holds `{"prompt": n, "completion": n}`.
CREATE TABLE crew_tasks (
  id                TEXT PRIMARY KEY NOT NULL,
  company_id        TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  crew_id           TEXT REFERENCES crews(id) ON DELETE SET NULL,
  agent_id          TEXT REFERENCES crew_agents(id) ON DELETE SET NULL,
  agent_role        TEXT NOT NULL CHECK (agent_role IN ('orchestrator', 'financial', 'marketing', 'hr', 'support')),
  conversation_id   TEXT NOT NULL,
  message_id        TEXT NOT NULL,
  description       TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'cancelled')),
  engine            TEXT NOT NULL CHECK (engine IN ('builtin', 'llm')),
  model             TEXT,
  result            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(result)),
  error_message     TEXT,
  execution_time_ms INTEGER NOT NULL DEFAULT 0 CHECK (execution_time_ms >= 0),
  token_usage       TEXT NOT NULL DEFAULT '{"prompt":0,"completion":0}' CHECK (json_valid(token_usage)),
  cost_usd          REAL NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
  metadata          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at        INTEGER NOT NULL,
  completed_at      INTEGER
) STRICT;

-- Newest tasks of a company and its LLM spend since a date (cost in the index: the sum
-- never reads the table).
CREATE INDEX idx_crew_tasks_company_created ON crew_tasks(company_id, created_at, cost_usd);
CREATE INDEX idx_crew_tasks_conversation ON crew_tasks(company_id, conversation_id);

-- What the crew remembers about one user of one company. `user_id` is the crew's user
-- key (a `users.id`, or the phone of an unregistered sender), so it has no foreign key.
CREATE TABLE crew_memories (
  id               TEXT PRIMARY KEY NOT NULL,
  company_id       TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  user_id          TEXT NOT NULL,
  conversation_id  TEXT,
  memory_type      TEXT NOT NULL CHECK (memory_type IN ('fact', 'preference', 'context', 'learning', 'pattern')),
  category         TEXT,
  content          TEXT NOT NULL,
  summary          TEXT,
  importance_score INTEGER NOT NULL DEFAULT 1 CHECK (importance_score BETWEEN 1 AND 10),
  access_count     INTEGER NOT NULL DEFAULT 0 CHECK (access_count >= 0),
  last_accessed_at INTEGER,
  metadata         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

-- A user's memories, most important and most recent first.
CREATE INDEX idx_crew_memories_company_user
  ON crew_memories(company_id, user_id, importance_score DESC, updated_at DESC);
-- The cleanup sweep: memories idle since a date, below an importance.
CREATE INDEX idx_crew_memories_cleanup
  ON crew_memories(coalesce(last_accessed_at, created_at), importance_score);

-- Monthly spending limit of one expense category (`month` is `yyyy-MM`).
CREATE TABLE budgets (
  company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  category    TEXT NOT NULL,
  limit_cents INTEGER NOT NULL CHECK (limit_cents > 0),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (company_id, month, category)
) STRICT, WITHOUT ROWID;

-- Companies created before 0004 got tool names the crew never had; give the default
-- agents that still carry them the crew's real tools (agents an admin edited are kept).
UPDATE crew_agents SET tools = '[]'
  WHERE role = 'orchestrator' AND json(tools) = json('["route_message","handoff"]');
UPDATE crew_agents SET tools = '["add_expense","add_income","cash_flow_report","category_breakdown","budget_plan","list_transactions","remember_fact"]'
  WHERE role = 'financial' AND json(tools) = json('["add_expense","add_income","cash_flow_report","budget_plan","list_transactions"]');
UPDATE crew_agents SET tools = '["remember_fact"]'
  WHERE role = 'marketing' AND json(tools) = json('["campaign_ideas","post_draft"]');
UPDATE crew_agents SET tools = '["remember_fact","request_human"]'
  WHERE role = 'hr' AND json(tools) = json('["schedule_lookup","policy_lookup"]');
UPDATE crew_agents SET tools = '["update_profile","remember_fact","request_human"]'
  WHERE role = 'support' AND json(tools) = json('["faq_lookup","escalate_to_human"]');
