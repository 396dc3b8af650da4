-- PostgreSQL's distinct senders and contacts per campaign over a range of days, without reading
-- every link (db/postgres/campaigns.ts): campaign_key_firsts summed per day into campaign_key_reach,
-- and the far links found by the day they start. Hand-written after drizzle-kit's table.
CREATE TABLE "campaign_key_reach" (
	"field" text NOT NULL,
	"kind" text NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"day" integer NOT NULL,
	"shard" smallint NOT NULL,
	"reach" integer[] NOT NULL,
	CONSTRAINT "campaign_key_reach_field_kind_value_day_shard_pk" PRIMARY KEY("field","kind","value","day","shard")
);
--> statement-breakpoint
CREATE INDEX "campaign_key_firsts_far_prev_day_idx" ON "campaign_key_firsts" USING btree ("field","kind","value","prev_day","day") INCLUDE ("count") WHERE far = 1;
--> statement-breakpoint
-- reach with n added to its first `upto` elements: a link whose previous day is `upto` days back
-- (32: more than 31, or none) counts in reach[1…upto].
CREATE FUNCTION campaign_reach_add(p_reach integer[], p_upto integer, p_n integer)
RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(CASE WHEN i <= p_upto THEN r + p_n ELSE r END ORDER BY i) FROM unnest(p_reach) WITH ORDINALITY AS t(r, i)
$$;
--> statement-breakpoint
-- One link of campaign_key_firsts moved by n in a shard, and its day's reach with it; a shard row at
-- zero goes (each delete only when the upsert left zero: most writes add).
CREATE OR REPLACE FUNCTION campaign_key_link(p_field text, p_kind text, p_day integer, p_value text, p_prev integer, p_n integer, p_shard smallint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  -- far: the previous day is more than 31 days back (nearLinkDays in lib/model/campaign-counters.ts), or none.
  v_gap integer := least(p_day::bigint - p_prev, 32)::integer;
  v_count bigint;
  v_reach integer[];
BEGIN
  INSERT INTO campaign_key_firsts AS f (field, kind, value, far, day, prev_day, shard, count)
    VALUES (p_field, p_kind, p_value, CASE WHEN v_gap > 31 THEN 1 ELSE 0 END, p_day, p_prev, p_shard, p_n)
    ON CONFLICT (field, kind, value, far, day, prev_day, shard) DO UPDATE SET count = f.count + excluded.count
    RETURNING f.count INTO v_count;
  IF v_count = 0 THEN
    DELETE FROM campaign_key_firsts WHERE field = p_field AND kind = p_kind AND value = p_value AND day = p_day AND prev_day = p_prev AND shard = p_shard AND count = 0;
  END IF;
  INSERT INTO campaign_key_reach AS r (field, kind, value, day, shard, reach)
    VALUES (p_field, p_kind, p_value, p_day, p_shard, campaign_reach_add(array_fill(0, ARRAY[32]), v_gap, p_n))
    ON CONFLICT (field, kind, value, day, shard) DO UPDATE SET reach = campaign_reach_add(r.reach, v_gap, p_n)
    RETURNING r.reach INTO v_reach;
  IF v_reach = array_fill(0, ARRAY[32]) THEN
    DELETE FROM campaign_key_reach WHERE field = p_field AND kind = p_kind AND value = p_value AND day = p_day AND shard = p_shard AND reach = array_fill(0, ARRAY[32]);
  END IF;
END;
$$;
--> statement-breakpoint
-- campaign_key_reach from campaign_key_firsts (shards summed into shard 0): for the rows already
-- stored here, and for db:copy, which moves the links from SQLite (which has no reach table).
CREATE FUNCTION campaign_key_reach_rebuild()
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_rows bigint;
BEGIN
  DELETE FROM campaign_key_reach;
  INSERT INTO campaign_key_reach (field, kind, value, day, shard, reach)
    SELECT field, kind, value, day, 0, array_agg(reach ORDER BY k)
    FROM (
      SELECT g.field, g.kind, g.value, g.day, k, coalesce(sum(g.n) FILTER (WHERE g.gap >= k), 0)::integer AS reach
      FROM (
        SELECT field, kind, value, day, least(day::bigint - prev_day, 32)::integer AS gap, sum(count) AS n
        FROM campaign_key_firsts GROUP BY 1, 2, 3, 4, 5
      ) g CROSS JOIN generate_series(1, 32) AS k
      GROUP BY g.field, g.kind, g.value, g.day, k
    ) days
    GROUP BY field, kind, value, day
    HAVING bool_or(reach <> 0);
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END;
$$;
--> statement-breakpoint
SELECT campaign_key_reach_rebuild();
