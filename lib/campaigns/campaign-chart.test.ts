import { describe, expect, it } from "vitest";
import { buildCampaignChart, describeBucket, niceMax } from "./campaign-chart";
import type { CampaignStats } from "./campaign-stats";
import { parseCampaignStatsQuery } from "./stats-query";

const today = new Date("2026-03-15T10:00:00Z");

describe("parseCampaignStatsQuery", () => {
  it("reads presets ending today, dates, and picks days up to 45 days and weeks beyond", () => {
    const query = (params: Record<string, string>) => {
      const parsed = parseCampaignStatsQuery(params, today);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return parsed.query;
    };
    expect(query({})).toMatchObject({ from: "2026-02-14", to: "2026-03-15", interval: "day", field: "any", period: "30d" });
    expect(query({ period: "7d" })).toMatchObject({ from: "2026-03-09", to: "2026-03-15", period: "7d" });
    expect(query({ period: "90d" })).toMatchObject({ from: "2025-12-16", interval: "week" });
    expect(query({ from: "2026-01-01", to: "2026-02-14", field: "ref2" })).toMatchObject({ interval: "day", field: "ref2", period: null });
    expect(query({ from: "2026-01-01", to: "2026-02-15" })).toMatchObject({ interval: "week" });
    expect(query({ from: "2026-01-01", to: "2026-02-15", interval: "day", period: "7d" })).toMatchObject({ from: "2026-01-01", interval: "day", period: null });
    expect(query({ to: "2026-01-31" })).toMatchObject({ from: "2026-01-02" });
  });

  it("names the parameter at fault", () => {
    const paths = (params: Record<string, string>) => {
      const parsed = parseCampaignStatsQuery(params, today);
      return parsed.ok ? [] : parsed.issues.map((issue) => issue.path);
    };
    expect(paths({ from: "2026-02-30" })).toEqual(["from"]);
    expect(paths({ from: "2026-03-02", to: "2026-03-01" })).toEqual(["to"]);
    expect(paths({ from: "2025-01-01", to: "2026-02-05" })).toEqual(["from"]);
    expect(paths({ from: "2025-01-01", to: "2026-02-04" })).toEqual([]);
    expect(paths({ field: "campaign" })).toEqual(["field"]);
  });
});

describe("buildCampaignChart", () => {
  const stats: CampaignStats = {
    from: "2026-03-01",
    to: "2026-03-09",
    interval: "week",
    field: "ref1",
    series: [
      { date: "2026-03-01", counts: { a: 5, b: 4, c: 3, d: 2, e: 1, f: 7, g: 1, "": 2 } },
      { date: "2026-03-08", counts: { a: 1 } },
    ],
    campaigns: ["a", "b", "c", "d", "e", "f", "g"].map((value, index) => ({ field: "ref1", value, shares: 10 - index, senders: 1, contacts: 1, firstAt: "2026-03-01", lastAt: "2026-03-01" })),
    shares: 26,
    noCampaign: 2,
    truncated: false,
  };

  it("stacks the top five, then other and no campaign, each part a link to its campaign and days", () => {
    const chart = buildCampaignChart(stats);
    expect(chart.series.map((series) => series.label)).toEqual(["a", "b", "c", "d", "e", "Other campaigns", "No campaign"]);
    const [first, second] = chart.bars;
    expect(first!.segments.map((segment) => [segment.series.label, segment.count])).toEqual([["a", 5], ["b", 4], ["c", 3], ["d", 2], ["e", 1], ["Other campaigns", 8], ["No campaign", 2]]);
    expect(first!.segments[0]!.href).toBe("/?ref1=a&from=2026-03-01&to=2026-03-07");
    expect(first!.segments[0]!.label).toBe("1–7 Mar, campaign a: 5 shares");
    expect(first!.segments[5]!.href).toBe("/?from=2026-03-01&to=2026-03-07");
    // The last week stops at the range's end.
    expect(second!.segments[0]!.href).toBe("/?ref1=a&from=2026-03-08&to=2026-03-09");
    expect(chart.max).toBe(30);
  });

  it("rounds the axis to an even number at or above the tallest bar", () => {
    expect([0, 2, 3, 7, 9, 11, 24, 45, 110, 160, 999].map(niceMax)).toEqual([2, 2, 4, 8, 10, 20, 30, 50, 150, 200, 1000]);
    expect(describeBucket("2026-02-27", "2026-03-05")).toBe("27 Feb–5 Mar");
    expect(describeBucket("2026-03-05", "2026-03-05")).toBe("5 Mar");
  });
});
