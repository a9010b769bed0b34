-- The seed's other tables (architecture document, "Database Schema" and the WhatsApp
-- authentication migration), not yet written by the runtime: the message log, crew
-- metrics, WhatsApp sessions and their authentication log. Same conventions as 0001:
-- text ids, timestamptz(3), jsonb, and `company_id` on every table.

-- One line of a conversation with the crew's data about it. The seed only shows the
-- columns it adds ("Tabelas Adaptadas") and the ones its metrics query reads
-- (`company_id`, `sent_at`, `response_at`, `created_at`); the rest are the minimum a
-- message log needs.
CREATE TABLE messages (
  id                 text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  company_id         text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  conversation_id    text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  direction          text NOT NULL CHECK (direction IN ('in', 'out')),
  content            text NOT NULL,
  sent_at            timestamptz(3) NOT NULL,
  response_at        timestamptz(3),
  crew_task_id       text REFERENCES crew_tasks(id) ON DELETE SET NULL,
  agent_response     jsonb NOT NULL DEFAULT '{}',
  token_usage        jsonb NOT NULL DEFAULT '{}',
  processing_time_ms integer CHECK (processing_time_ms >= 0),
  confidence_score   numeric(3, 2) CONSTRAINT chk_messages_confidence_score
                     CHECK (confidence_score >= 0.00 AND confidence_score <= 1.00),
  crew_metadata      jsonb NOT NULL DEFAULT '{}',
  created_at         timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_messages_conversation_created ON messages(conversation_id, created_at DESC);
CREATE INDEX idx_messages_company_created ON messages(company_id, created_at);

-- Performance metrics of a crew and its agents. The seed keys them by crew only;
-- `company_id` is added so that every tenant table is keyed by company.
CREATE TABLE crew_metrics (
  id          text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  company_id  text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  crew_id     text NOT NULL REFERENCES crews(id) ON DELETE CASCADE,
  agent_id    text REFERENCES crew_agents(id) ON DELETE SET NULL,
  metric_type text NOT NULL,
  metric_name text NOT NULL,
  value       numeric(15, 6) NOT NULL CONSTRAINT chk_crew_metrics_value CHECK (value >= 0),
  unit        text,
  metadata    jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_crew_metrics_crew_id ON crew_metrics(crew_id, recorded_at);
CREATE INDEX idx_crew_metrics_agent_id ON crew_metrics(agent_id);
CREATE INDEX idx_crew_metrics_company_type ON crew_metrics(company_id, metric_type, recorded_at);

-- A verified WhatsApp user's session (24 h by default in the seed).
CREATE TABLE whatsapp_sessions (
  id            text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  company_id    text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  phone_number  varchar(20) NOT NULL,
  session_token varchar(255) NOT NULL CONSTRAINT chk_whatsapp_sessions_token_unique UNIQUE,
  expires_at    timestamptz(3) NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at  timestamptz(3) NOT NULL DEFAULT now(),
  is_active     boolean NOT NULL DEFAULT true
);

CREATE INDEX idx_whatsapp_sessions_lookup
  ON whatsapp_sessions(phone_number, company_id, expires_at) WHERE is_active;
CREATE INDEX idx_whatsapp_sessions_user ON whatsapp_sessions(user_id);
CREATE INDEX idx_whatsapp_sessions_expires ON whatsapp_sessions(expires_at, is_active);

-- Every WhatsApp authentication attempt. Phones are stored masked by the writer (seed:
-- `maskPhoneNumber`).
CREATE TABLE whatsapp_auth_logs (
  id            text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  phone_number  varchar(20) NOT NULL,
  company_id    text NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  user_id       text REFERENCES users(id) ON DELETE SET NULL,
  auth_method   text NOT NULL CHECK (auth_method IN ('verification_code', 'session_token', 'new_user')),
  success       boolean NOT NULL,
  error_message text,
  ip_address    inet,
  user_agent    text,
  metadata      jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);

CREATE INDEX idx_whatsapp_auth_logs_search ON whatsapp_auth_logs(phone_number, created_at, success);
CREATE INDEX idx_whatsapp_auth_logs_company ON whatsapp_auth_logs(company_id, created_at);
