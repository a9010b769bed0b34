-- A batch of inbound messages stored in ONE round trip (Sources/FalachefePostgres/
-- PostgresStore+Inbox.swift, `insertInbox`). The same writes as before, which took five:
-- BEGIN, the scope, the conversation locks, the insert, COMMIT. Called (`CALL`) outside
-- any transaction block, it runs in a transaction of its own, which it commits: the scope
-- and the locks it takes end with it.
--
-- * The scope is every company's (`app.bypass_rls`, local to the transaction): intake
--   spans companies, exactly as the adapter's `.allTenants` scope did.
-- * `conversation_locks`: one transaction-scoped advisory lock per conversation of the
--   batch's pending rows, taken in ascending order (two batches never deadlock) before the
--   insert. A later message of a conversation, accepted by another node meanwhile, gets
--   its sequence only after this batch committed: within a conversation, sequence order is
--   commit order.
-- * Rows are inserted in array order (sequence order = batch order). Arrays cannot hold
--   NULLs from the adapter, so `has_sender_name` says which names are absent, and a text
--   message has no media type. Instants are epoch milliseconds (exact, as everywhere).
-- * It commits itself (a procedure may): the commit happens while the statement runs, so
--   the answer arrives only once the rows are durable, and a failed commit is the call's
--   error. A function could not: the implicit transaction of a statement commits at the
--   protocol's Sync, after the client already has its rows — the adapter would
--   acknowledge messages whose commit may yet fail.
-- * Answers the rows actually inserted as two arrays, `stored_keys` (company id, U+001F,
--   message id) and `stored_sequences`; a (company, message id) already stored is skipped
--   (`ON CONFLICT DO NOTHING`), which the caller reports as a duplicate.
--
-- SECURITY INVOKER (the default): the policies of migration 0003 still apply to the
-- server's role; the procedure only sets what the adapter set before.
CREATE PROCEDURE accept_inbox(
  company_ids text[], message_ids text[], sender_phones text[], phones_canonical text[],
  sender_names text[], has_sender_name boolean[], texts text[], kinds text[], media_types text[],
  sent_at_ms bigint[], received_at_ms bigint[], statuses text[], conversation_locks bigint[],
  OUT stored_keys text[], OUT stored_sequences bigint[]
)
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM set_config('app.bypass_rls', 'on', true);
  PERFORM pg_advisory_xact_lock(k) FROM (SELECT unnest(conversation_locks) AS k ORDER BY 1) AS locks;
  WITH inserted AS (
    INSERT INTO inbox AS i (company_id, message_id, sender_phone, phone_canonical, sender_name, text, kind,
                            media_type, sent_at, received_at, status)
    SELECT r.company_id, r.message_id, r.sender_phone, r.phone_canonical,
           CASE WHEN r.has_name THEN r.sender_name END, r.body, r.kind,
           CASE WHEN r.kind = 'media' THEN r.media_type END,
           timestamptz 'epoch' + r.sent_ms * interval '1 millisecond',
           timestamptz 'epoch' + r.received_ms * interval '1 millisecond', r.status
    FROM unnest(company_ids, message_ids, sender_phones, phones_canonical, sender_names, has_sender_name,
                texts, kinds, media_types, sent_at_ms, received_at_ms, statuses)
         WITH ORDINALITY AS r(company_id, message_id, sender_phone, phone_canonical, sender_name, has_name,
                              body, kind, media_type, sent_ms, received_ms, status, position)
    ORDER BY r.position
    ON CONFLICT (company_id, message_id) DO NOTHING
    RETURNING i.company_id, i.message_id, i.sequence
  )
  SELECT coalesce(array_agg(company_id || chr(31) || message_id), '{}'), coalesce(array_agg(sequence), '{}')
    INTO stored_keys, stored_sequences
    FROM inserted;
  COMMIT;
END
$$;
