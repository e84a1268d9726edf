import { describe, expect, it } from "vitest";
import {
  dayFromFileName,
  FrontMatterError,
  isoDay,
  parseFrontMatter,
} from "../../src/knowledge/front-matter.js";

describe("front matter", () => {
  it("keeps a date as the day that was written, whatever its time zone", () => {
    const parsed = parseFrontMatter("---\ntitle: T\ndate: 2018-01-15 23:00:00 +01:00\n---\nBody\n");
    expect(isoDay(parsed.data.date)).toBe("2018-01-15");
    expect(parsed.content.trim()).toBe("Body");
    expect(parsed.bodyLineOffset).toBe(4);
  });

  it("reports invalid YAML with its line", () => {
    try {
      parseFrontMatter("---\ntitle: T\ndate: [unclosed\n---\nBody\n");
      expect.fail("should throw");
    } catch (error) {
      expect(error).toBeInstanceOf(FrontMatterError);
      expect((error as FrontMatterError).message).toMatch(/^invalid YAML front matter: /);
      expect((error as FrontMatterError).line).toBe(3);
    }
  });

  it("points a bad indentation and a duplicated key at their own line", () => {
    for (const source of [
      "---\ntitle: T\n  bad: indent\ndate: 2018\n---\nBody\n",
      "---\ntitle: T\ntitle: U\n---\nBody\n",
    ]) {
      try {
        parseFrontMatter(source);
        expect.fail("should throw");
      } catch (error) {
        expect((error as FrontMatterError).line, source).toBe(3);
      }
    }
  });

  it("rejects front matter that is not a mapping, and a malformed field, naming it", () => {
    expect(() => parseFrontMatter("---\n- a\n- b\n---\nBody\n")).toThrow(
      "front matter must be a YAML mapping",
    );
    expect(() => parseFrontMatter("---\ntitle: T\npromotion: trois\n---\nBody\n")).toThrow(
      'front matter field "promotion"',
    );
  });

  it("reads days from Jekyll file names, long and short", () => {
    expect(dayFromFileName("2019-01-01-cibnav.md")).toBe("2019-01-01");
    expect(dayFromFileName("18-07-27-retour.md")).toBe("2018-07-27");
    expect(dayFromFileName("2019-13-01-x.md")).toBeUndefined();
    expect(dayFromFileName("cibnav.md")).toBeUndefined();
  });

  it("refuses impossible days", () => {
    expect(isoDay("2018-02-30")).toBeUndefined();
    expect(isoDay("not a date")).toBeUndefined();
  });
});
