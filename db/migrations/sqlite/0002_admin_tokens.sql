-- Admin API tokens of a company (roles from the seed: admin = own company, user = read own).
-- Only the SHA-256 of a token is stored; the token itself is shown once, at creation.
CREATE TABLE admin_tokens (
  token_hash TEXT PRIMARY KEY NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX idx_admin_tokens_company_id ON admin_tokens(company_id);
