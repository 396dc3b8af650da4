-- ingest_callback (migration 0004) writes the callback's log entry once, at the end, with its outcome,
-- instead of inserting it first and updating it after the cards: the update rewrote the whole entry
-- (its body included) and every index on it, for each callback.
CREATE OR REPLACE FUNCTION ingest_callback(p_log jsonb, p_cards jsonb, p_ignored jsonb)
RETURNS TABLE (callback_id bigint, outcome text, shares_stored integer, shares_already integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_callback_id bigint;
  v_card jsonb;
  v_row jsonb;
  v_share_id bigint;
  v_stored integer := 0;
  v_already integer := 0;
  v_shard smallint := (pg_backend_pid() % 8)::smallint;
  v_counters jsonb := '[]'::jsonb;
  v_days jsonb := '[]'::jsonb;
  v_outcome text;
  v_parts text[] := ARRAY[]::text[];
  v_reason text;
BEGIN
  -- The entry is written once, at the end, with its outcome: its id is taken first for the cards.
  v_callback_id := nextval('callbacks_id_seq');
  FOR v_card IN SELECT value FROM jsonb_array_elements(p_cards) LOOP
    v_row := v_card->'row';
    v_share_id := NULL;
    INSERT INTO contact_shares (
      callback_id, message_id, position, sort_at, sent_at, received_at,
      formatted_name, first_name, middle_name, last_name, name_prefix, name_suffix, sort_name, sort_phone,
      phones, emails, addresses, urls, org_company, org_department, org_title, birthday,
      sender_wa_id, sender_user_id, sender_profile_name, business_phone_number, business_phone_number_id, waba_id,
      ref, ref1, ref2, context_id, reply_to, trace_id, media_url)
    VALUES (
      v_callback_id, v_row->>'messageId', (v_row->>'position')::integer, (v_row->>'sortAt')::timestamptz,
      (v_row->>'sentAt')::timestamptz, (v_row->>'receivedAt')::timestamptz,
      v_row->>'formattedName', v_row->>'firstName', v_row->>'middleName', v_row->>'lastName', v_row->>'namePrefix', v_row->>'nameSuffix',
      v_row->>'sortName', v_row->>'sortPhone',
      v_row->'phones', v_row->'emails', v_row->'addresses', v_row->'urls',
      v_row->>'orgCompany', v_row->>'orgDepartment', v_row->>'orgTitle', v_row->>'birthday',
      v_row->>'senderWaId', v_row->>'senderUserId', v_row->>'senderProfileName',
      v_row->>'businessPhoneNumber', v_row->>'businessPhoneNumberId', v_row->>'wabaId',
      v_row->>'ref', v_row->>'ref1', v_row->>'ref2', v_row->>'contextId', v_row->>'replyTo', v_row->>'traceId', v_row->>'mediaUrl')
    ON CONFLICT (message_id, position) DO NOTHING
    RETURNING id INTO v_share_id;
    IF v_share_id IS NULL THEN
      v_already := v_already + 1;
      -- This body holds a copy of a card another entry stored: deleting that card must redact it here too.
      INSERT INTO redelivered_messages (message_id, callback_id) VALUES (v_row->>'messageId', v_callback_id) ON CONFLICT DO NOTHING;
      CONTINUE;
    END IF;
    v_stored := v_stored + 1;
    INSERT INTO contact_search_text (share_id, text) VALUES (v_share_id, v_card->>'searchText');
    INSERT INTO share_facets (facet, value, sort_at, share_id)
      SELECT f->>'facet', f->>'value', (v_row->>'sortAt')::timestamptz, v_share_id FROM jsonb_array_elements(v_card->'facets') f
      ON CONFLICT DO NOTHING;
    v_counters := v_counters || (v_card->'counters');
    v_days := v_days || jsonb_build_array(v_card->'day');
  END LOOP;
  IF v_stored > 0 THEN
    INSERT INTO facet_counts (facet, value, shard, label, count)
      SELECT c->>'facet', c->>'value', CASE WHEN (c->>'sharded')::boolean THEN v_shard ELSE 0 END, max(c->>'label'), count(*)
      FROM jsonb_array_elements(v_counters) c
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3
      ON CONFLICT (facet, value, shard) DO UPDATE
        SET count = facet_counts.count + excluded.count, label = coalesce(excluded.label, facet_counts.label);
    INSERT INTO daily_counts (day, shard, count)
      SELECT d::text::integer, v_shard, count(*) FROM jsonb_array_elements(v_days) d GROUP BY 1 ORDER BY 1
      ON CONFLICT (day, shard) DO UPDATE SET count = daily_counts.count + excluded.count;
  END IF;
  -- The outcome and its reason, as lib/model/callback-log.ts words them.
  v_outcome := CASE WHEN v_stored > 0 THEN 'stored' WHEN v_already > 0 THEN 'duplicate' ELSE 'ignored' END;
  IF v_stored > 0 AND v_already = 0 AND jsonb_array_length(p_ignored) = 0 THEN
    v_reason := NULL;
  ELSE
    IF v_stored > 0 THEN v_parts := v_parts || (v_stored || ' contact share(s) stored'); END IF;
    IF v_already > 0 THEN v_parts := v_parts || (v_already || ' already stored (redelivery)'); END IF;
    IF jsonb_array_length(p_ignored) > 0 THEN
      v_parts := v_parts || ('ignored: ' || (SELECT string_agg(value, ', ' ORDER BY ordinality) FROM jsonb_array_elements_text(p_ignored) WITH ORDINALITY));
    END IF;
    v_reason := CASE WHEN cardinality(v_parts) > 0 THEN array_to_string(v_parts, '; ') WHEN v_outcome = 'ignored' THEN 'nothing to store' ELSE NULL END;
  END IF;
  INSERT INTO callbacks (id, received_at, envelope, outcome, reason, http_status, content_type, body_bytes, raw_body, reprocessed_from, shares_stored, duration_ms)
  OVERRIDING SYSTEM VALUE
  VALUES (v_callback_id, (p_log->>'receivedAt')::timestamptz, p_log->>'envelope', v_outcome, v_reason, 200, p_log->>'contentType',
          (p_log->>'bodyBytes')::integer, p_log->>'rawBody', (p_log->>'reprocessedFrom')::bigint, v_stored, (p_log->>'durationMs')::integer);
  RETURN QUERY SELECT v_callback_id, v_outcome, v_stored, v_already;
END;
$$;
