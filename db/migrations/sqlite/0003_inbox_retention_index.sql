-- The hourly retention prune deletes closed inbox rows by age; this index keeps it from
-- scanning the whole inbox (received_at grows with sequence, so inserts append to it).
CREATE INDEX idx_inbox_received_at ON inbox(received_at);
