/** Span extractors (src/answer/spans.ts) on short inline sentences, independent of knowledge/. */
import { describe, expect, it } from "vitest";
import {
  amounts,
  contacts,
  counts,
  defines,
  describesSteps,
  durations,
  frequencies,
  givesReason,
  links,
  organisations,
  people,
  places,
  polarity,
  proportions,
  type Span,
  statesRule,
  times,
} from "../../src/answer/spans.js";

/** Every span's offset points at its text in the sentence. */
function located(sentence: string, spans: Span[]): Span[] {
  for (const s of spans) expect(sentence.slice(s.index, s.index + s.text.length)).toBe(s.text);
  return spans;
}

const texts = (sentence: string, extract: (s: string) => Span[]) =>
  located(sentence, extract(sentence)).map((s) => s.text);

describe("amounts", () => {
  it("reads amounts with their currency, net/gross and unit", () => {
    const s = "La rémunération est de 4 000 € net par mois.";
    expect(located(s, amounts(s))).toMatchObject([{ text: "4 000 € net par mois", index: 23 }]);
    expect(texts("Chaque EIG touche 3 500 euros nets.", amounts)).toEqual(["3 500 euros nets"]);
    expect(texts("Le programme coûte 4,8 millions d'euros.", amounts)).toEqual(["4,8 millions d'euros"]);
    expect(texts("€ 500 per month", amounts)).toEqual(["€ 500"]);
  });

  it("reads no amount without money", () => {
    expect(amounts("La mission dure 10 mois.")).toEqual([]);
    expect(amounts("32 entrepreneurs ont été recrutés.")).toEqual([]);
  });
});

describe("durations", () => {
  it("reads a number and a unit of time", () => {
    const s = "La mission dure 10 mois.";
    expect(located(s, durations(s))).toMatchObject([{ text: "10 mois", index: 16 }]);
    expect(texts("Il faut compter trois jours de formation.", durations)).toEqual(["trois jours"]);
    expect(texts("Les candidats ont 48 heures pour répondre.", durations)).toEqual(["48 heures"]);
    expect(texts("Il s'agit d'un programme de 2 ou 3 ans.", durations)).toEqual(["2 ou 3 ans"]);
  });

  it("does not take a date for a duration", () => {
    expect(durations("Le 10 mars 2019, les EIG arrivent.")).toEqual([]);
    expect(durations("32 entrepreneurs ont été recrutés.")).toEqual([]);
  });
});

describe("proportions", () => {
  it("reads percentages, fractions and their words", () => {
    const s = "30 % du temps est consacré à la formation.";
    expect(located(s, proportions(s))).toMatchObject([{ text: "30 %", index: 0 }]);
    expect(texts("La moitié des EIG sont des femmes.", proportions)).toEqual(["La moitié"]);
    expect(texts("Un tiers des défis.", proportions)).toEqual(["Un tiers"]);
    expect(texts("un quart", proportions)).toEqual(["un quart"]);
    expect(texts("3/4 des EIG", proportions)).toEqual(["3/4"]);
  });

  it("reads none in plain counts", () => {
    expect(proportions("32 entrepreneurs ont été recrutés.")).toEqual([]);
  });
});

describe("frequencies", () => {
  it("reads how often", () => {
    expect(texts("Les rencontres ont lieu tous les deux mois.", frequencies)).toEqual(["tous les deux mois"]);
    expect(texts("Tous les 15 jours, un point.", frequencies)).toEqual(["Tous les 15 jours"]);
    expect(texts("Une fois par mois, un atelier.", frequencies)).toEqual(["Une fois par mois"]);
    expect(texts("deux fois par an", frequencies)).toEqual(["deux fois par an"]);
    expect(texts("chaque semaine", frequencies)).toEqual(["chaque semaine"]);
    expect(texts("Point hebdomadaire avec le mentor.", frequencies)).toEqual(["hebdomadaire"]);
    expect(texts("We meet every two weeks.", frequencies)).toEqual(["every two weeks"]);
  });

  it("reads none in a duration", () => {
    expect(frequencies("La mission dure 10 mois.")).toEqual([]);
  });
});

describe("times", () => {
  it("reads times of day and days of the week", () => {
    const s = "Rendez-vous à 17h.";
    expect(located(s, times(s))).toMatchObject([{ text: "17h", index: 14 }]);
    expect(texts("à 12 h 00", times)).toEqual(["12 h 00"]);
    expect(texts("La réunion est à midi.", times)).toEqual(["midi"]);
    expect(texts("The meeting is at 9:30 am.", times)).toEqual(["9:30 am"]);
    expect(texts("Chaque vendredi matin, démo.", times)).toEqual(["Chaque vendredi matin"]);
    expect(texts("every Monday", times)).toEqual(["every Monday"]);
  });

  it("reads no time in a date or a count", () => {
    expect(times("Le 10 mars 2019, les EIG arrivent.")).toEqual([]);
    expect(times("32 entrepreneurs ont été recrutés.")).toEqual([]);
  });

  it("does not take a duration in hours for a time of day", () => {
    expect(times("Les candidats ont 48 heures pour répondre.")).toEqual([]);
  });
});

it("gives amounts, durations and proportions the number they state", () => {
  expect(amounts("La rémunération est de 4 000 € net par mois.")[0]?.value).toBe(4000);
  expect(durations("La mission dure 10 mois.")[0]?.value).toBe(10);
  expect(durations("Il s'agit d'un programme de 2 ou 3 ans.")[0]?.value).toBe(3);
  expect(proportions("30 % du temps est consacré à la formation.")[0]?.value).toBe(30);
});

describe("counts", () => {
  it("reads numbers of things, with offsets and values", () => {
    const s = "32 entrepreneurs ont été recrutés.";
    expect(located(s, counts(s))).toEqual([{ text: "32", index: 0, value: 32 }]);
    expect(located("Chaque équipe compte 2 ou 3 EIG.", counts("Chaque équipe compte 2 ou 3 EIG."))).toEqual([
      { text: "2 ou 3", index: 21, value: 3 },
    ]);
    expect(counts("Ils sont 2 à 3 par équipe.")).toMatchObject([{ text: "2 à 3", value: 3 }]);
    expect(counts("deux ou trois entrepreneurs")).toMatchObject([{ text: "deux ou trois", value: 3 }]);
    expect(counts("Il y a 4 000 candidats.")).toMatchObject([{ text: "4 000", value: 4000 }]);
    expect(counts("Ils sont 3 000.")).toMatchObject([{ text: "3 000", value: 3000 }]);
    expect(counts("3 EIG, 5 mentors").map((c) => c.value)).toEqual([3, 5]);
    expect(counts("Des dizaines de projets.")).toMatchObject([{ text: "Des dizaines", value: 10 }]);
    expect(texts("Plus de 200 candidatures.", counts)).toEqual(["Plus de 200"]);
  });

  it("takes no year, date, promotion, article, amount, duration or percentage for a count", () => {
    expect(counts("En 2018, 15 défis.")).toMatchObject([{ text: "15", index: 9, value: 15 }]);
    expect(counts("Le 10 mars 2019, les EIG arrivent.")).toEqual([]);
    expect(counts("Le 3 mars, réunion.")).toEqual([]);
    expect(counts("Le 1er janvier, début.")).toEqual([]);
    expect(counts("La promotion 3 compte 32 EIG.")).toMatchObject([{ text: "32", value: 32 }]);
    expect(counts("L'EIG 2 a été lancé.")).toEqual([]);
    expect(counts("Article 3 du règlement.")).toEqual([]);
    expect(counts("La rémunération est de 4 000 € net par mois.")).toEqual([]);
    expect(counts("La mission dure 10 mois.")).toEqual([]);
    expect(counts("30 % du temps est consacré à la formation.")).toEqual([]);
    expect(counts("Rendez-vous à 17h.")).toEqual([]);
  });

  it("takes no 'un'/'une' and no number inside a link", () => {
    expect(counts("Un EIG par défi.")).toEqual([]);
    expect(counts("Une équipe, un mentor.")).toEqual([]);
    expect(counts("Voir https://eig.etalab.gouv.fr/3eme-promotion-42-defis-deposes pour la liste.")).toEqual(
      [],
    );
  });

  it("reads 'une vingtaine' as 20", () => {
    expect(counts("Une vingtaine de défis ont été retenus.")).toMatchObject([
      { text: "Une vingtaine", value: 20 },
    ]);
  });

  it("gives qualified counts their value", () => {
    expect(counts("Plus de 200 candidatures.")[0]?.value).toBe(200);
    expect(counts("Environ 50 candidats.")[0]?.value).toBe(50);
  });

  it("takes no figure of an amount for a count", () => {
    expect(counts("Le programme coûte 4,8 millions d'euros.")).toEqual([]);
    expect(counts("€ 500 per month")).toEqual([]);
  });

  it("takes no minutes of a time for a count", () => {
    expect(counts("The meeting is at 9:30 am.")).toEqual([]);
    expect(counts("à 12 h 00")).toEqual([]);
  });

  it("takes no figure of a fraction for a count", () => {
    expect(counts("3/4 des EIG")).toEqual([]);
  });

  it("takes no figure of a postal address for a count", () => {
    expect(counts("Etalab, 20 avenue de Ségur, 75007 Paris")).toEqual([]);
  });
});

describe("links", () => {
  it("reads web addresses with or without a scheme, without the final period", () => {
    const s = "Tout est sur https://www.etalab.gouv.fr/eig.";
    expect(located(s, links(s))).toEqual([{ text: "https://www.etalab.gouv.fr/eig", index: 13 }]);
    expect(texts("Candidatez sur eig.etalab.gouv.fr avant le 15.", links)).toEqual(["eig.etalab.gouv.fr"]);
    expect(texts("Voir www.etalab.gouv.fr.", links)).toEqual(["www.etalab.gouv.fr"]);
  });

  it("reads no link in plain prose", () => {
    expect(links("La mission dure 10 mois.")).toEqual([]);
  });

  it("takes no link from an e-mail address", () => {
    expect(links("Écrivez à eig@etalab.gouv.fr.")).toEqual([]);
  });
});

describe("contacts", () => {
  it("reads e-mail and postal addresses", () => {
    const s = "Écrivez à eig@etalab.gouv.fr.";
    expect(located(s, contacts(s))).toEqual([{ text: "eig@etalab.gouv.fr", index: 10 }]);
    expect(texts("Etalab, 20 avenue de Ségur, 75007 Paris", contacts)).toEqual([
      "20 avenue de Ségur, 75007 Paris",
    ]);
  });

  it("reads no contact in a link or plain prose", () => {
    expect(contacts("Tout est sur https://www.etalab.gouv.fr/eig.")).toEqual([]);
    expect(contacts("32 entrepreneurs ont été recrutés.")).toEqual([]);
  });
});

describe("organisations", () => {
  it("reads public bodies and acronyms", () => {
    const s = "Le défi est porté par la Cour des comptes.";
    expect(located(s, organisations(s))).toEqual([{ text: "Cour des comptes", index: 25 }]);
    expect(texts("La DGFiP et l'ARCEP participent.", organisations)).toEqual(["DGFiP", "ARCEP"]);
  });

  it("takes no programme acronym or person for an organisation", () => {
    expect(organisations("Les EIG arrivent en janvier.")).toEqual([]);
    expect(organisations("Le programme est piloté par Laure Lucchesi.")).toEqual([]);
  });

  it("ends the name of a body before its verb", () => {
    expect(texts("Le ministère de la Justice accueille deux EIG.", organisations)).toEqual([
      "ministère de la Justice",
    ]);
  });
});

describe("people", () => {
  it("reads names of two capitalised words", () => {
    const s = "Le programme est piloté par Laure Lucchesi.";
    expect(located(s, people(s))).toEqual([{ text: "Laure Lucchesi", index: 28 }]);
  });

  it("takes no organisation, programme word or sentence opener for a person", () => {
    expect(people("Le défi est porté par la Cour des comptes.")).toEqual([]);
    expect(people("Le Ministère de la Justice accueille deux EIG.")).toEqual([]);
    expect(people("En Janvier, les EIG arrivent.")).toEqual([]);
  });

  it("reads a title and a surname", () => {
    expect(texts("M. Dupont anime la session.", people)).toEqual(["M. Dupont"]);
  });
});

describe("places", () => {
  it("reads places after a preposition", () => {
    const s = "Les EIG travaillent en Île-de-France.";
    expect(located(s, places(s))).toEqual([{ text: "Île-de-France", index: 23 }]);
    expect(texts("The team is based in Lyon", places)).toEqual(["Lyon"]);
    expect(texts("Le programme est hors de la région parisienne.", places)).toEqual(["région parisienne"]);
  });

  it("reads no place in a date or after a sentence opener", () => {
    expect(places("Le jury se réunit en novembre.")).toEqual([]);
    expect(places("32 entrepreneurs ont été recrutés.")).toEqual([]);
  });

  it("reads a place after 'à'", () => {
    expect(texts("La mission se déroule à Brest.", places)).toEqual(["Brest"]);
    expect(texts("Le travail à distance est possible.", places)).toEqual(["à distance"]);
  });
});

describe("sentence markers", () => {
  it("givesReason", () => {
    expect(givesReason("Le programme a été créé car l'administration manque de talents.")).toBe(true);
    expect(givesReason("Il vise à attirer des profils numériques.")).toBe(true);
    expect(givesReason("We do it in order to hire talent.")).toBe(true);
    expect(givesReason("La mission dure 10 mois.")).toBe(false);
  });

  it("defines", () => {
    expect(defines("Un EIG est un entrepreneur d'intérêt général.")).toBe(true);
    expect(defines("Il s'agit d'un programme de 10 mois.")).toBe(true);
    expect(defines("An EIG is a data scientist or developer.")).toBe(true);
    expect(defines("La mission dure 10 mois.")).toBe(false);
  });

  it("describesSteps", () => {
    expect(describesSteps("Remplissez le formulaire en ligne.")).toBe(true);
    expect(describesSteps("Submit your application online.")).toBe(true);
    expect(describesSteps("La mission dure 10 mois.")).toBe(false);
  });

  it("statesRule", () => {
    expect(statesRule("Les candidats doivent avoir deux ans d'expérience.")).toBe(true);
    expect(statesRule("Les étudiants peuvent candidater.")).toBe(true);
    expect(statesRule("Seuls les agents publics sont concernés.")).toBe(true);
    expect(statesRule("You must be an EU citizen.")).toBe(true);
    expect(statesRule("La mission dure 10 mois.")).toBe(false);
  });
});

describe("polarity", () => {
  it.each([
    ["Oui, c'est tout à fait possible.", "yes"],
    ["Yes, you can apply.", "yes"],
    ["Bien sûr, tout le monde est bienvenu.", "yes"],
    ["Les étudiants peuvent candidater.", "yes"],
    ["Le travail à distance est possible.", "yes"],
    ["Non, ce n'est pas possible.", "no"],
    ["No, civil servants cannot apply.", "no"],
    ["Les fonctionnaires ne peuvent pas candidater.", "no"],
    ["Ce n'est pas possible de cumuler.", "no"],
    ["Les agents publics sont exclus.", "no"],
  ])("%s → %s", (sentence, expected) => {
    expect(polarity(sentence)).toBe(expected);
  });

  it("says nothing of a sentence that states neither", () => {
    expect(polarity("La mission dure 10 mois.")).toBeUndefined();
    expect(polarity("Le jury se réunit en novembre.")).toBeUndefined();
  });

  it("takes no 'Non seulement …' for a no", () => {
    expect(polarity("Non seulement les développeurs, mais aussi les designers.")).toBeUndefined();
  });
});
