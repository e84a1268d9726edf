import { describe, expect, it } from "vitest";
import { endOf, explicitMonths, findDates, formatMention } from "../../src/answer/dates.js";

describe("dates in French prose", () => {
  it("reads a day, month, year and time", () => {
    const [m] = findDates("La clôture aura lieu le 15 octobre 2018 à 17h.");
    expect(m).toMatchObject({
      text: "15 octobre 2018 à 17h",
      year: 2018,
      month: 10,
      days: [15],
      time: "17h",
      yearInferred: false,
    });
    expect(formatMention(m as NonNullable<typeof m>, "en")).toBe("15 October 2018 at 17h");
  });

  it("reads lists of days and months with a year", () => {
    expect(findDates("auditionnés les 6, 7 et 8 novembre 2018")[0]).toMatchObject({
      days: [6, 7, 8],
      month: 11,
      year: 2018,
    });
    expect(findDates("prévue courant janvier 2019")[0]).toMatchObject({ days: [], month: 1, year: 2019 });
    expect(findDates("le 1er janvier 2018")[0]?.days).toEqual([1]);
  });

  it("takes a missing year from the same sentence, then from the document", () => {
    const [from, to] = findDates("ouvert du 13 septembre au 15 octobre 2018");
    expect(from).toMatchObject({ year: 2018, yearInferred: true });
    expect(to).toMatchObject({ year: 2018, yearInferred: false });
    const context = {
      documentMonths: explicitMonths("Ils prendront leurs fonctions en janvier 2018."),
      documentDate: "2019-03-01",
    };
    expect(findDates("déposez votre candidature avant le 27 octobre", context)[0]).toMatchObject({
      year: 2017,
      yearInferred: true,
    });
    expect(findDates("en novembre prochain", { documentDate: "2018-07-20" })[0]).toMatchObject({
      year: 2018,
      month: 11,
    });
  });

  it("reads English and numeric dates", () => {
    expect(findDates("by October 15, 2018")[0]).toMatchObject({ year: 2018, month: 10, days: [15] });
    expect(findDates("le 15/10/2018")[0]).toMatchObject({ year: 2018, month: 10, days: [15] });
  });

  it("does not take ranges of people for dates", () => {
    expect(findDates("par équipe de 2 à 3 entrepreneurs")).toEqual([]);
  });

  it("ends a month mention on its last day", () => {
    const [m] = findDates("en février 2020");
    expect(
      endOf(m as NonNullable<typeof m>)
        .toISOString()
        .slice(0, 10),
    ).toBe("2020-02-29");
  });
});

describe("a year the source does not show", () => {
  it("is not written when it comes from the document's other dates", () => {
    const [m] = findDates("le jury auditionnera les candidats en novembre prochain", {
      documentMonths: [{ year: 2017, month: 10 }],
    });
    expect(m).toMatchObject({ month: 11, year: 2017, yearInferred: true, yearOutside: true });
    expect(formatMention(m as NonNullable<typeof m>, "fr")).toBe("novembre");
  });

  it("is written when it is the year of the document's date, which the answer shows", () => {
    const [m] = findDates("avant le 27 octobre", { documentDate: "2017-10-01" });
    expect(m?.yearOutside).toBeUndefined();
    expect(formatMention(m as NonNullable<typeof m>, "fr")).toBe("27 octobre 2017");
  });
});
