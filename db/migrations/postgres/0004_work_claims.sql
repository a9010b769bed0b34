-- Several server nodes share one database. A node processes an inbox row, or sends an
-- outbox row, only while it holds an unexpired claim on it (`claimed_by` = the node's id
-- until `claim_expires_at`). Claims are taken with FOR UPDATE SKIP LOCKED, renewed while
-- the work runs and simply expire when a node dies, so another node takes the work over.
-- A conversation is claimed through its oldest pending row only, which keeps its messages
-- (and its replies) in order whichever node received them.
-- (Sources/FalachefePostgres/PostgresStore+Claims.swift)

ALTER TABLE inbox ADD COLUMN claimed_by text, ADD COLUMN claim_expires_at timestamptz(3);
ALTER TABLE outbox ADD COLUMN claimed_by text, ADD COLUMN claim_expires_at timestamptz(3);

-- The oldest pending row of a conversation, found without reading its closed rows.
CREATE INDEX idx_inbox_pending_conversation ON inbox(company_id, phone_canonical, sequence) WHERE status = 'pending';
CREATE INDEX idx_outbox_pending_conversation ON outbox(company_id, phone_canonical, id) WHERE status = 'pending';
-- A node's claims, renewed and released by node.
CREATE INDEX idx_inbox_claimed_by ON inbox(claimed_by) WHERE status = 'pending' AND claimed_by IS NOT NULL;
CREATE INDEX idx_outbox_claimed_by ON outbox(claimed_by) WHERE status = 'pending' AND claimed_by IS NOT NULL;
