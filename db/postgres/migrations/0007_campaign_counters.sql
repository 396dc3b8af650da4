-- Campaign counters (lib/model/campaign-counters.ts, and db/sqlite/schema.ts for what each holds).
-- campaign_daily_counts and campaign_key_firsts hold numbers only and are sharded like daily_counts;
-- campaign_key_days names senders and contacts: one row per key and day, gone when its count is.
CREATE TABLE "campaign_daily_counts" (
	"field" text NOT NULL,
	"day" integer NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"shard" smallint NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "campaign_daily_counts_field_day_value_shard_pk" PRIMARY KEY("field","day","value","shard")
);
--> statement-breakpoint
CREATE TABLE "campaign_key_days" (
	"field" text NOT NULL,
	"kind" text NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"key" text NOT NULL,
	"day" integer NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "campaign_key_days_field_kind_value_key_day_pk" PRIMARY KEY("field","kind","value","key","day")
);
--> statement-breakpoint
CREATE TABLE "campaign_key_firsts" (
	"field" text NOT NULL,
	"kind" text NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"far" smallint NOT NULL,
	"day" integer NOT NULL,
	"prev_day" integer NOT NULL,
	"shard" smallint NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "campaign_key_firsts_field_kind_value_far_day_prev_day_shard_pk" PRIMARY KEY("field","kind","value","far","day","prev_day","shard")
);

--> statement-breakpoint
-- One link of campaign_key_firsts moved by n in a shard; a shard row at zero goes.
CREATE FUNCTION campaign_key_link(p_field text, p_kind text, p_day integer, p_value text, p_prev integer, p_n integer, p_shard smallint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- far: the previous day is more than 31 days back (nearLinkDays in lib/model/campaign-counters.ts), or none.
  INSERT INTO campaign_key_firsts AS f (field, kind, value, far, day, prev_day, shard, count)
    VALUES (p_field, p_kind, p_value, CASE WHEN p_day::bigint - p_prev > 31 THEN 1 ELSE 0 END, p_day, p_prev, p_shard, p_n)
    ON CONFLICT (field, kind, value, far, day, prev_day, shard) DO UPDATE SET count = f.count + excluded.count;
  DELETE FROM campaign_key_firsts WHERE field = p_field AND kind = p_kind AND value = p_value AND day = p_day AND prev_day = p_prev AND shard = p_shard AND count = 0;
END;
$$;
--> statement-breakpoint
-- Adds (delta > 0) or takes back (delta < 0) shares of senders and contacts on days under campaign
-- values: p_keys is [{field, kind, value, key, day, delta}]. When a key's day appears or goes, the
-- day is linked to the key's previous day and the key's next day is re-linked (see
-- db/sqlite/campaign-counters.ts, the same steps). Keys are taken in order, each under a
-- transaction-level advisory lock, so two writers never link the same key's days from stale reads.
CREATE FUNCTION campaign_keys_add(p_keys jsonb, p_shard smallint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k record;
  v_before bigint;
  v_after bigint;
  v_prev integer;
  v_next integer;
  v_sign integer;
BEGIN
  FOR k IN
    SELECT e->>'field' AS field, e->>'kind' AS kind, e->>'value' AS value, e->>'key' AS key, (e->>'day')::integer AS day, sum((e->>'delta')::bigint) AS delta
    FROM jsonb_array_elements(p_keys) e GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  LOOP
    CONTINUE WHEN k.delta = 0;
    PERFORM pg_advisory_xact_lock(hashtextextended(k.field || chr(31) || k.kind || chr(31) || k.value || chr(31) || k.key, 7236145));
    SELECT d.count INTO v_before FROM campaign_key_days d WHERE d.field = k.field AND d.kind = k.kind AND d.value = k.value AND d.key = k.key AND d.day = k.day;
    v_before := coalesce(v_before, 0);
    v_after := v_before + k.delta;
    IF v_after > 0 THEN
      INSERT INTO campaign_key_days AS d (field, kind, value, key, day, count) VALUES (k.field, k.kind, k.value, k.key, k.day, v_after)
        ON CONFLICT (field, kind, value, key, day) DO UPDATE SET count = excluded.count;
    ELSE
      DELETE FROM campaign_key_days d WHERE d.field = k.field AND d.kind = k.kind AND d.value = k.value AND d.key = k.key AND d.day = k.day;
    END IF;
    CONTINUE WHEN (v_before > 0) = (v_after > 0);
    v_sign := CASE WHEN v_after > 0 THEN 1 ELSE -1 END;
    SELECT max(d.day) FILTER (WHERE d.day < k.day), min(d.day) FILTER (WHERE d.day > k.day) INTO v_prev, v_next
    FROM campaign_key_days d WHERE d.field = k.field AND d.kind = k.kind AND d.value = k.value AND d.key = k.key;
    v_prev := coalesce(v_prev, -2147483648);
    PERFORM campaign_key_link(k.field, k.kind, k.day, k.value, v_prev, v_sign, p_shard);
    IF v_next IS NOT NULL THEN
      PERFORM campaign_key_link(k.field, k.kind, v_next, k.value, v_prev, -v_sign, p_shard);
      PERFORM campaign_key_link(k.field, k.kind, v_next, k.value, k.day, v_sign, p_shard);
    END IF;
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Backfill from the cards already stored, as the write path would have counted them (shard 0).
-- A card's values per field: "" when it has none; "campaign" (any ref) once per distinct value.
CREATE TEMP TABLE campaign_backfill_values ON COMMIT DROP AS
  SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer AS day, 'ref' AS field, coalesce(ref, '') AS value FROM contact_shares
  UNION ALL SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer, 'ref1', coalesce(ref1, '') FROM contact_shares
  UNION ALL SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer, 'ref2', coalesce(ref2, '') FROM contact_shares
  UNION ALL SELECT DISTINCT id, day, 'campaign', value FROM (
    SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer AS day, ref AS value FROM contact_shares WHERE ref <> ''
    UNION ALL SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer, ref1 FROM contact_shares WHERE ref1 <> ''
    UNION ALL SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer, ref2 FROM contact_shares WHERE ref2 <> ''
  ) any_values
  UNION ALL SELECT id, floor(extract(epoch FROM sort_at) / 86400)::integer, 'campaign', '' FROM contact_shares
    WHERE coalesce(ref, '') = '' AND coalesce(ref1, '') = '' AND coalesce(ref2, '') = '';
--> statement-breakpoint
INSERT INTO campaign_daily_counts (field, day, value, shard, count)
  SELECT field, day, value, 0, count(*) FROM campaign_backfill_values GROUP BY field, day, value;
--> statement-breakpoint
-- Who each card is from and about (contactKeyOf: the first phone's E.164 that has one, else "name:" + the folded name).
CREATE TEMP TABLE campaign_backfill_people ON COMMIT DROP AS
  SELECT id, 'sender' AS kind, nullif(coalesce(sender_wa_id, sender_user_id), '') AS key FROM contact_shares
  UNION ALL SELECT s.id, 'contact', coalesce(
    (SELECT p.phone->>'e164' FROM jsonb_array_elements(s.phones) WITH ORDINALITY AS p(phone, n) WHERE coalesce(p.phone->>'e164', '') <> '' ORDER BY p.n LIMIT 1),
    CASE WHEN s.sort_name <> '' THEN 'name:' || s.sort_name END) FROM contact_shares s;
--> statement-breakpoint
INSERT INTO campaign_key_days (field, kind, value, key, day, count)
  SELECT v.field, p.kind, v.value, p.key, v.day, count(*)
  FROM campaign_backfill_values v JOIN campaign_backfill_people p ON p.id = v.id
  WHERE v.value <> '' AND p.key IS NOT NULL
  GROUP BY v.field, p.kind, v.value, p.key, v.day;
--> statement-breakpoint
INSERT INTO campaign_key_firsts (field, kind, value, far, day, prev_day, shard, count)
  SELECT field, kind, value, CASE WHEN day::bigint - prev_day > 31 THEN 1 ELSE 0 END, day, prev_day, 0, count(*) FROM (
    SELECT field, kind, day, value, coalesce(lag(day) OVER (PARTITION BY field, kind, value, key ORDER BY day), -2147483648) AS prev_day
    FROM campaign_key_days
  ) linked GROUP BY field, kind, day, value, prev_day;
--> statement-breakpoint
-- The person facet (a contact's other shares) and its counter (not sharded: personal, like a sender's).
INSERT INTO share_facets (facet, value, sort_at, share_id)
  SELECT 'person', p.key, s.sort_at, s.id FROM campaign_backfill_people p JOIN contact_shares s ON s.id = p.id
  WHERE p.kind = 'contact' AND p.key IS NOT NULL
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO facet_counts (facet, value, shard, label, count)
  SELECT 'person', value, 0, NULL, count(*) FROM share_facets WHERE facet = 'person' GROUP BY value;
--> statement-breakpoint
-- ingest_callback (migration 0004), now also counting each card's campaigns (campaignDays) and the
-- days of its sender and contact under them (campaignKeys). Otherwise unchanged.
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
  v_campaign_days jsonb := '[]'::jsonb;
  v_campaign_keys jsonb := '[]'::jsonb;
  v_outcome text;
  v_parts text[] := ARRAY[]::text[];
  v_reason text;
BEGIN
  -- The entry is written once, at the end, with its outcome (migration 0005): its id is taken first for the cards.
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
    v_campaign_days := v_campaign_days || (v_card->'campaignDays');
    v_campaign_keys := v_campaign_keys || (v_card->'campaignKeys');
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
    INSERT INTO campaign_daily_counts (field, day, value, shard, count)
      SELECT c->>'field', (c->>'day')::integer, c->>'value', v_shard, count(*) FROM jsonb_array_elements(v_campaign_days) c
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (field, day, value, shard) DO UPDATE SET count = campaign_daily_counts.count + excluded.count;
    PERFORM campaign_keys_add(v_campaign_keys, v_shard);
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
