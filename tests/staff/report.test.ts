/** The staff report as pure functions: parsing, periods, grouping, counts, text. */
import { describe, expect, it } from "vitest";
import type { BotEvent, FeedbackEvent, QuestionEvent } from "../../src/answer/events.js";
import {
  addDays,
  buildReport,
  dayOf,
  groupQuestions,
  parseLine,
  parseLog,
  percentile,
  questionTerms,
  renderReport,
  resolvePeriod,
  similar,
} from "../../src/staff/report.js";

let n = 0;
function q(at: string, question: string, extra: Partial<QuestionEvent> = {}): QuestionEvent {
  n++;
  return {
    type: "question",
    at,
    answerId: `q${n}`,
    channel: "web",
    user: `u${n % 3}`,
    question,
    truncated: false,
    rateLimited: false,
    answered: true,
    kind: "info",
    confidence: 0.8,
    sources: [],
    latencyMs: n,
    ...extra,
  };
}

function vote(
  at: string,
  answerId: string,
  v: "up" | "down",
  extra: Partial<FeedbackEvent> = {},
): FeedbackEvent {
  return { type: "feedback", at, answerId, channel: "web", vote: v, ...extra };
}

const UTC = { timeZone: "UTC" };

describe("parsing", () => {
  it("reads events, skips blank lines and counts the unreadable ones", () => {
    const good = q("2026-11-20T10:00:00.000Z", "date limite ?");
    const text = [
      JSON.stringify(good),
      "",
      "not json",
      '{"type":"question","at":"yesterday","answerId":"x","question":"?","answered":true}',
      '{"type":"other","at":"2026-11-20T10:00:00.000Z","answerId":"x"}',
      "[1,2]",
      JSON.stringify(vote("2026-11-20T10:01:00.000Z", good.answerId, "down")),
      '{"type":"feedback","at":"2026-11-20T10:01:00.000Z","answerId":"x","vote":"meh"}',
      "{truncated",
    ].join("\n");
    const { events, unreadable } = parseLog(text);
    expect(events.map((e) => e.type)).toEqual(["question", "feedback"]);
    expect(events[0]).toEqual(good);
    expect(unreadable).toBe(6);
  });

  it("gives neutral values to optional fields an older line lacks", () => {
    const e = parseLine(
      '{"type":"question","at":"2026-11-20T10:00:00Z","answerId":"a","question":"x","answered":false}',
    );
    expect(e).toMatchObject({
      channel: "web",
      truncated: false,
      rateLimited: false,
      sources: [],
      kind: "unknown",
    });
    expect((e as QuestionEvent).latencyMs).toBeNaN();
  });
});

describe("days and periods", () => {
  it("counts days in the programme's time zone", () => {
    expect(dayOf("2026-11-20T23:30:00.000Z")).toBe("2026-11-21"); // Paris, winter: UTC+1
    expect(dayOf("2026-07-20T22:30:00.000Z")).toBe("2026-07-21"); // summer: UTC+2
    expect(dayOf("2026-11-20T23:30:00.000Z", "UTC")).toBe("2026-11-20");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("resolves --since, --until and --days, 30 days ending today by default", () => {
    const today = new Date("2026-11-24T12:00:00Z");
    expect(resolvePeriod({ today })).toEqual({ since: "2026-10-26", until: "2026-11-24" });
    expect(resolvePeriod({ today, days: 7 })).toEqual({ since: "2026-11-18", until: "2026-11-24" });
    expect(resolvePeriod({ today, since: "2026-11-01", until: "2026-11-10" })).toEqual({
      since: "2026-11-01",
      until: "2026-11-10",
    });
    expect(resolvePeriod({ today, days: 1, until: "2026-01-01" })).toEqual({
      since: "2026-01-01",
      until: "2026-01-01",
    });
    expect(() => resolvePeriod({ today, since: "2026-02-30" })).toThrow(
      /--since must be a day as YYYY-MM-DD/,
    );
    expect(() => resolvePeriod({ today, days: 0 })).toThrow(/--days/);
    expect(() => resolvePeriod({ today, since: "2026-12-01" })).toThrow(/period is empty/);
  });
});

describe("grouping similar questions", () => {
  const at = (i: number) => `2026-11-${String(10 + i).padStart(2, "0")}T10:00:00.000Z`;

  it("groups wordings of one question (most frequent, then latest, first) and keeps different questions apart", () => {
    const groups = groupQuestions(
      [
        "Quel est le salaire des mentors ?",
        "quel salaire pour les mentors",
        "Salaire des mentors ?",
        "Quel est le salaire des mentors ?",
        "Le télétravail est-il possible ?",
        "Télétravail possible ?",
        "Est-ce que je peux venir avec mon chien ?",
        "Puis-je venir avec mon chien au bureau ?",
        "Où se trouve la cantine ?",
      ].map((text, i) => ({ text, at: at(i) })),
    );
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ["Quel est le salaire des mentors ?", 4],
      ["Puis-je venir avec mon chien au bureau ?", 2],
      ["Télétravail possible ?", 2],
      ["Où se trouve la cantine ?", 1],
    ]);
    expect(groups[0]?.wordings).toEqual([
      { text: "Quel est le salaire des mentors ?", count: 2 },
      { text: "Salaire des mentors ?", count: 1 },
      { text: "quel salaire pour les mentors", count: 1 },
    ]);
    expect(groups[0]?.lastAt).toBe(at(3));
  });

  it("treats case, accents and spacing as one wording, and the latest spelling is shown", () => {
    const [group] = groupQuestions([
      { text: "Teletravail possible ?", at: at(1) },
      { text: "  télétravail   POSSIBLE ? ", at: at(2) },
    ]);
    expect(group).toMatchObject({ question: "télétravail   POSSIBLE ?", count: 2 });
    expect(group?.wordings).toHaveLength(1);
  });

  it("keeps questions naming different numbers apart, and questions of stop words only by their text", () => {
    expect(similar(questionTerms("date limite promo 2"), questionTerms("date limite promo 3"))).toBe(false);
    expect(similar(questionTerms("date limite promo 3"), questionTerms("date limite de la promo 3 ?"))).toBe(
      true,
    );
    const groups = groupQuestions(
      ["date limite promo 2", "date limite promo 3", "et alors ?", "Et alors ?", "et toi ?"].map(
        (text, i) => ({
          text,
          at: at(i),
        }),
      ),
    );
    expect(groups.map((g) => g.count).sort()).toEqual([1, 1, 1, 2]);
  });

  it("adds up the sources of grouped answers", () => {
    const [group] = groupQuestions([
      { text: "salaire des mentors ?", at: at(1), sources: ["A", "B"] },
      { text: "salaire mentors", at: at(2), sources: ["A"] },
    ]);
    expect(group?.sources).toEqual([
      { source: "A", count: 2 },
      { source: "B", count: 1 },
    ]);
  });
});

describe("buildReport", () => {
  const events: BotEvent[] = [
    q("2026-11-01T09:00:00.000Z", "hors période", { answered: false }),
    q("2026-11-20T09:00:00.000Z", "date limite ?", {
      sources: ["Règlement — Article 5", "Article sur la promo 3"],
    }),
    q("2026-11-20T10:00:00.000Z", "Où est la cantine ?", { answered: false, latencyMs: 40 }),
    q("2026-11-20T11:00:00.000Z", "Y a-t-il une cantine ?", { answered: false }),
    q("2026-11-20T11:00:01.000Z", "encore ?", { rateLimited: true, answered: false, latencyMs: 0.1 }),
    q("2026-11-21T09:00:00.000Z", "Combien par équipe ?", {
      sources: ["Règlement — Article 5"],
      truncated: true,
      channel: "slack",
      answerId: "team",
    }),
    q("2026-11-22T09:00:00.000Z", "salaire ?", { sources: ["Règlement — Article 2"], answerId: "pay" }),
    // Same user changes their mind: the last vote counts.
    vote("2026-11-21T09:01:00.000Z", "team", "up", { user: "v1" }),
    vote("2026-11-21T09:02:00.000Z", "team", "down", { user: "v1", question: "Combien par équipe ?" }),
    // A vote that did not carry its question: found in the log by answer id.
    vote("2026-11-22T09:01:00.000Z", "pay", "down", { user: "v2" }),
    vote("2026-11-22T09:02:00.000Z", "pay", "up", { user: "v3" }),
  ];
  const report = buildReport(events, {
    period: { since: "2026-11-15", until: "2026-11-24" },
    ...UTC,
    unreadableLines: 3,
  });

  it("counts questions per day with the answered share, rate-limited ones apart", () => {
    expect(report.perDay).toEqual([
      { day: "2026-11-20", questions: 3, answered: 1, share: 1 / 3, rateLimited: 1 },
      { day: "2026-11-21", questions: 1, answered: 1, share: 1, rateLimited: 0 },
      { day: "2026-11-22", questions: 1, answered: 1, share: 1, rateLimited: 0 },
    ]);
    expect(report).toMatchObject({
      questions: 6,
      rateLimited: 1,
      truncated: 1,
      asked: 5,
      answered: 3,
      answeredShare: 0.6,
      unreadableLines: 3,
      channels: { web: 4, slack: 1 },
      votes: { up: 1, down: 2 },
    });
    expect(report.period).toEqual({ since: "2026-11-15", until: "2026-11-24", days: 10, timeZone: "UTC" });
  });

  it("groups the unanswered questions and the 👎 answers", () => {
    expect(report.unanswered).toEqual([
      {
        question: "Y a-t-il une cantine ?",
        count: 2,
        lastAt: "2026-11-20T11:00:00.000Z",
        wordings: [
          { text: "Y a-t-il une cantine ?", count: 1 },
          { text: "Où est la cantine ?", count: 1 },
        ],
      },
    ]);
    expect(report.downVoted.map((g) => [g.question, g.count, g.sources?.[0]?.source])).toEqual([
      ["salaire ?", 1, "Règlement — Article 2"],
      ["Combien par équipe ?", 1, "Règlement — Article 5"],
    ]);
  });

  it("ranks the cited sources of answered questions, and gives latency percentiles", () => {
    expect(report.topSources).toEqual([
      { source: "Règlement — Article 5", count: 2 },
      { source: "Article sur la promo 3", count: 1 },
      { source: "Règlement — Article 2", count: 1 },
    ]);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
    expect(report.latencyMs.p95).toBe(40);
  });

  it("renders readable text with every section", () => {
    const text = renderReport(report, { log: "data/events.jsonl" });
    expect(text).toMatch(/^# EIG bot — questions from 2026-11-15 to 2026-11-24 \(10 days, UTC\)\n/);
    expect(text).toContain("3 lines of the log could not be read and were skipped.");
    expect(text).toContain(
      "- Questions: 5 (1 more refused by the rate limit; 1 cut to the length limit), from 3 users",
    );
    expect(text).toContain("- Answered: 3 of 5 (60%)");
    expect(text).toContain("| 2026-11-20 |         3 |        1 |   33% |            1 |");
    expect(text).toMatch(
      /## Unanswered questions \(2, 1 group\)\n\n- ×2 {2}“Y a-t-il une cantine \?” — last 2026-11-20/,
    );
    expect(text).toContain("also “Où est la cantine ?”");
    expect(text).toContain("## Answers voted 👎 (2, 2 groups)");
    expect(text).toContain("sources: Règlement — Article 2");
    expect(text).toContain("- 2  Règlement — Article 5");
  });

  it("shows users' words inert, so a report pasted into a chat pings nobody", () => {
    const hostile = [q("2026-11-20T10:00:00Z", "<!channel> @here @all qui est là ?", { answered: false })];
    const text = renderReport(
      buildReport(hostile, { period: { since: "2026-11-15", until: "2026-11-24" }, ...UTC }),
    );
    expect(text).toContain("qui est là");
    expect(text).not.toMatch(/@(channel|here|all)|<!/);
  });

  it("says so when the period is empty", () => {
    const empty = buildReport(events, { period: { since: "2025-01-01", until: "2025-01-31" }, ...UTC });
    expect(empty.questions).toBe(0);
    expect(empty.answeredShare).toBeNull();
    expect(renderReport(empty)).toContain("No question and no vote in this period.");
  });
});
