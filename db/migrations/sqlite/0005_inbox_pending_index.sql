-- Every query by status asks for pending rows (the replay, the backlog count, the companies
-- with work). The full (company_id, status, sequence) index also held every processed row,
-- so closing a message moved its entry from one place in the index to another and the
-- index grew with the whole inbox. A partial index holds pending rows only: closing a
-- message only removes its entry, and the index stays as small as the backlog.
DROP INDEX idx_inbox_company_status_sequence;
CREATE INDEX idx_inbox_pending ON inbox(company_id, sequence) WHERE status = 'pending';
