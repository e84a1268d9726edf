/**
 * Each kind of question against the shipped knowledge, worded differently from the public
 * evaluation, and the rules every answer follows: quotes word for word from the knowledge, facts
 * of the short answer found in its quotes, honest "I don't know".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/answer/answer.js";
import type { Answer } from "../../src/answer/types.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { shippedKnowledge, siteKnowledge, TODAY } from "../helpers/knowledge.js";

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await shippedKnowledge();
});

const ask = (q: string, options: { today?: Date; previousQuestion?: string } = {}) =>
  answer(q, kb, { today: TODAY, ...options });
const all = (a: Answer) => [a.text, ...a.quotes.map((q) => q.text), ...a.notes].join("\n");

/** Every figure of the short answer is in a quote or a source date: nothing is made up. */
function expectGrounded(a: Answer) {
  const quoted = [...a.quotes.map((q) => q.text), ...a.sources.map((s) => `${s.title} ${s.date ?? ""}`)]
    .join(" ")
    .replace(/\s/g, "");
  // "(3 sources concordent)" counts sources; every other figure must come from a quote.
  const figures = a.text.replace(/\d+ sources/g, "").match(/\d+/g) ?? [];
  for (const n of figures) expect(quoted, `"${n}" of "${a.text}"`).toContain(n);
  for (const q of a.quotes) {
    const passageTexts = kb.passages.map((p) => p.text.replace(/\s+/g, " "));
    const fragments = q.text.split(" — ");
    for (const f of fragments)
      expect(passageTexts.some((t) => t.includes(f.replace(/\s+/g, " ")))).toBe(true);
  }
}

describe("answer()", () => {
  it("gives a deadline with its year, says it is past, and quotes the rule", () => {
    const a = ask("Avant quelle date faut-il déposer son dossier pour la troisième promotion ?");
    expect(a).toMatchObject({ answered: true, kind: "deadline", promotion: 3, language: "fr" });
    expect(a.text).toContain("15 octobre 2018 à 17h");
    expect(a.text).toMatch(/date passée.*clos/);
    expect(a.sources[0]?.title).toMatch(/^Règlement/);
    expectGrounded(a);
  });

  it("says how far away a deadline still is", () => {
    const a = ask("date limite promo 3", { today: new Date("2018-10-01T12:00:00Z") });
    expect(a.text).toMatch(/dans 14 jours/);
    expect(a.text).not.toMatch(/clos/);
  });

  it("answers about the latest promotion when none is named, and mentions the others", () => {
    const a = ask("C'est quand la date limite ?");
    expect(a.promotion).toBe(3);
    expect(a.notes.join(" ")).toMatch(/promotion 2 : 27 octobre 2017/);
    expect(a.sources.length).toBeGreaterThanOrEqual(2);
  });

  it("says when a year was inferred", () => {
    const a = ask("jusqu'à quand candidater pour la 2e promo ?");
    expect(a.text).toContain("27 octobre 2017");
    expect(a.notes.join(" ")).toMatch(/année n'est pas écrite/);
  });

  it("gives team sizes from several sources", () => {
    const a = ask("Les équipes comptent combien de personnes ?");
    expect(a.kind).toBe("team-size");
    expect(a.text).toMatch(/2 (ou|à) 3/);
    expect(new Set(a.sources.map((s) => s.file)).size).toBeGreaterThan(1);
  });

  it.each([
    ["Je suis en master, est-ce que je peux postuler ?", /scolarité/],
    ["Les agents publics ont-ils le droit de concourir ?", /fonctionnaires/],
    ["Puis-je candidater via ma société ?", /personne morale/],
    ["Est-il possible de postuler à plusieurs défis ?", /limite de deux/],
  ])("answers eligibility: %s", (q, expected) => {
    const a = ask(q);
    expect(a.kind).toBe("eligibility");
    expect(all(a)).toMatch(expected);
    expect(a.sources[0]?.section).toMatch(/Article 4|Article 5/);
  });

  it("says when the documents are silent on a case, and gives the general conditions", () => {
    const a = ask("Faut-il avoir la nationalité française pour candidater ?");
    expect(a.answered).toBe(true);
    expect(a.notes.join(" ")).toMatch(/rien de particulier au sujet de la nationalité/);
  });

  it("lists all fifteen défis of promotion 3 with their administrations", () => {
    const a = ask("Donne-moi la liste des défis de la promo 3");
    expect(a.kind).toBe("defi-list");
    const names = a.quotes.map((q) => q.text.split(" — ")[0]);
    expect(names).toHaveLength(15);
    expect(names).toEqual(expect.arrayContaining(["CartoBIO", "Plume", "DataJust", "LexImpact", "Karfu’R"]));
    expect(a.quotes.every((q) => q.text.includes(" — "))).toBe(true);
    expect(a.notes.join(" ")).toMatch(/Également listés/);
  });

  it("describes one défi by name, even misspelt, with its administration", () => {
    for (const q of ["qui porte cibnav ?", "le défi predisauvetage", "défi Gobelin ?"]) {
      const a = ask(q);
      expect(a.kind, q).toBe("defi-detail");
      expect(a.text, q).toMatch(/porté par/);
    }
    expect(ask("qui porte cibnav ?").text).toContain("Direction des affaires maritimes");
  });

  it("finds défis by administration or theme", () => {
    const a = ask("Y a-t-il un défi avec la Cour des comptes ?");
    expect(all(a)).toMatch(/Plume/);
    expect(all(ask("Un défi sur les réfugiés ?"))).toMatch(/Karfu|Agi/);
  });

  it("lists défis by theme for the latest promotion and names the others' défis", () => {
    const a = ask("Quels défis pour le ministère de l'Intérieur ?");
    expect(a.promotion).toBe(3);
    expect(all(a)).toMatch(/IAFlash/);
    expect(a.notes.join(" ")).toMatch(/Pour mémoire, la promotion 2 : .*Brigade Numérique/);
  });

  it("answers a contract question with the contract, and pay in English words around the quote", () => {
    expect(ask("Quel est le type de contrat ?").text).toMatch(/^Contrat/);
    expect(ask("How much are entrepreneurs paid?").text).toMatch(
      /^Pay \(promotion 3\): 4 000 € net per month\.$/,
    );
  });

  it("finds défis by theme from an English question, through the French words of the knowledge", () => {
    expect(all(ask("Which challenges are about health?"))).toMatch(/Open Chronic/);
    expect(all(ask("Which challenges are run by the Ministry of the Interior?"))).toMatch(/IAFlash/);
    expect(ask("What is the weather tomorrow?").answered).toBe(false);
  });

  it("does not read a question about a degree as one about students", () => {
    // A graduate gets the general conditions; the rule on students (« en scolarité ») does not lead.
    expect(ask("Je suis jeune diplômé, puis-je candidater ?").quotes[0]?.text).not.toMatch(/scolarité/);
    expect(ask("Je suis étudiant en master, puis-je candidater ?").quotes[0]?.text).toMatch(/scolarité/);
  });

  it("reads 'how are candidates selected' as selection, not as how to apply", () => {
    expect(ask("Comment sont sélectionnés les candidats ?").kind).toBe("selection");
    expect(ask("How are candidates selected?").kind).toBe("selection");
    expect(ask("Comment candidater ?").kind).toBe("apply");
  });

  it("gives the operational mentor of a défi from the mentors' table", () => {
    expect(ask("Qui est le mentor de Plume ?").text).toContain("Pascal Guy");
  });

  it("reports disagreeing sources, each cited, the most recent first", () => {
    const a = ask("Combien de défis ont été retenus pour la deuxième promotion ?");
    expect(a.kind).toBe("count-defis");
    expect(a.text).toMatch(/ne concordent pas/);
    for (const n of ["13", "10", "15"]) expect(a.text).toContain(n);
    expect(a.sources.length).toBeGreaterThanOrEqual(3);
    // The figure most sources give leads (13, from two), the most recent of them named.
    expect(a.text).toMatch(/^[^;]*13 défis/);
    const b = ask("Combien d'entrepreneurs pour la promotion 2 ?");
    for (const n of ["27", "28", "22", "25"]) expect(b.text).toContain(n);
    // No figure has a majority: the most recent source leads (January 2018: 28).
    expect(b.text).toMatch(/^[^;]*\(2018-01-15\)[^;]*28/);
    expect(b.text.indexOf("28")).toBeLessThan(b.text.indexOf("27"));
  });

  it("agrees when sources agree", () => {
    const a = ask("combien de défis pour la promotion 3 ?");
    expect(a.text).toMatch(/15 défis \(2 sources concordent\)/);
    expect(ask("How many EIGs in the third promotion?").text).toContain("32");
  });

  it.each([
    ["Combien sont payés les EIG ?", "pay", /4 000 € net par mois/],
    ["Quelle est la durée du contrat ?", "duration", /10 mois/],
    ["Comment est financé le programme ?", "financing", /PIA/],
    ["Sur quels critères les candidats sont-ils choisis ?", "selection", /Dynamisme/],
    ["Comment postuler ?", "apply", /formulaire/],
    ["Quelle adresse pour écrire à l'équipe ?", "contact", /entrepreneur-interet-general@data\.gouv\.fr/],
    ["Quelles compétences sont recherchées pour la promo 3 ?", "profiles", /développement \(11 EIG\)/],
    ["Quand les EIG de la promo 3 arrivent-ils dans les administrations ?", "start", /janvier 2019/],
    ["Quand les résultats définitifs sont-ils annoncés ?", "date", /15 décembre 2018/],
  ])("%s", (q, kind, expected) => {
    const a = ask(q);
    expect(a.kind).toBe(kind);
    expect(all(a)).toMatch(expected);
    expectGrounded(a);
  });

  it("lists a promotion's calendar in order from the document that dates most steps", () => {
    const a = ask("Quelles sont les étapes du calendrier de la promo 3 ?");
    expect(a.kind).toBe("date");
    expect(a.sources[0]?.title).toMatch(/^Règlement/);
    const order = [
      "4 juillet 2018",
      "13 septembre 2018",
      "6, 7 et 8 novembre 2018",
      "15 décembre 2018",
      "janvier 2019",
    ];
    const at = order.map((d) => a.quotes.findIndex((q) => q.text.includes(d)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });

  it("counts what the question counts: défis heard by the jury, not défis selected", () => {
    expect(ask("Combien de défis avaient été auditionnés pour la 3e promotion ?").text).toContain("22");
  });

  it("sends a 'peut-on' question that eligibility rules do not cover to the general search", () => {
    const a = ask("Est-il possible de cumuler avec un autre emploi ?");
    expect(a.answered).toBe(true);
    expect(all(a)).toMatch(/cumuler leur activité/);
  });

  it("reads 'where/how' with 'apply' as the procedure, not eligibility", () => {
    expect(ask("Where is the application form?").kind).toBe("apply");
    expect(all(ask("Où se trouve le formulaire de candidature ?"))).toMatch(/demarches-simplifees/);
  });

  it("answers English questions in English around French quotes", () => {
    const a = ask("When is the application deadline for cohort 3?");
    expect(a.language).toBe("en");
    expect(a.text).toMatch(/^Application deadline \(promotion 3\): 15 October 2018 at 17h \(past\)/);
    expect(a.quotes[0]?.text).toMatch(/clôture/);
    expect(ask("What do EIGs earn?").text).toMatch(/^Pay/);
  });

  it.each([
    "Quelle heure est-il à Tokyo ?",
    "Qui a gagné la coupe du monde de football ?",
    "Comment installer Python sur Windows ?",
    "What's the best pizza in Naples?",
  ])("does not know: %s", (q) => {
    const a = ask(q);
    expect(a.answered).toBe(false);
    expect(a.confidence).toBe(0);
    expect(a.text).toMatch(/entrepreneur-interet-general@data\.gouv\.fr/);
  });

  it("does not answer for a year its documents never mention, and says how far they go", () => {
    const a = ask("Quand aura lieu la promotion 2031 ?");
    expect(a.answered).toBe(false);
    expect(a.text).toMatch(/ne disent rien de 2031 \(le plus récent date de 20\d\d\)/);
    expect(ask("When is the 2031 deadline?").text).toMatch(/nothing about 2031/);
    // A year the documents do mention is answered as usual.
    expect(ask("Quelle est la date limite en 2018 ?")).toMatchObject({ answered: true, kind: "deadline" });
    // A figure that only looks like a year is not one.
    expect(ask("Le salaire est-il de 2031,50 euros ?").text).not.toMatch(/2031/);
  });

  it("does not answer for a promotion its documents never speak of, and names those they do", () => {
    const a = ask("Quand démarre la promotion 5 ?");
    expect(a.answered).toBe(false);
    expect(a.text).toMatch(/ne disent rien de la promotion 5 \(ils portent sur les promotions 1, 2 et 3\)/);
    expect(ask("et pour la promo 6 ?", { previousQuestion: "Combien de défis ?" }).answered).toBe(false);
    expect(ask("Quand démarre la promotion 3 ?").answered).toBe(true);
  });

  it("reads 'who can I contact' as a contact question, not eligibility", () => {
    expect(ask("Who can I contact?")).toMatchObject({ kind: "contact", answered: true });
    expect(ask("Qui puis-je contacter ?")).toMatchObject({ kind: "contact", answered: true });
    expect(ask("Who can apply?").kind).toBe("eligibility");
  });

  it("does not take an everyday phrase for a near spelling of a défi's name", () => {
    // "la santé" is one edit from "labsante" once glued; the défi is named only when written.
    const theme = ask("Quel défi porte sur la santé ?");
    expect(theme.text).not.toMatch(/^Le défi Lab Santé/);
    expect(ask("c'est quoi le défi lab sante ?").text).toMatch(/^Le défi Lab Santé/);
  });

  it("knows a verb by its root, so a theme question is not taken for an unknown topic", () => {
    expect(all(ask("Quels défis portent sur la justice ?"))).toMatch(/ministère de la Justice/);
    expect(all(ask("Quels défis de la promotion 3 concernent l'agriculture ?"))).toMatch(/CartoBIO/);
  });

  it("wants every word of a question of no particular kind covered, not one that shares a stem", () => {
    // « capitale » and « capitaux » share a stem; « France » is not in that sentence.
    expect(ask("Quelle est la capitale de la France ?").answered).toBe(false);
  });

  it("reads 'avoir lieu' as saying something happens, not as a topic word", () => {
    // Not the close of the call, whose sentence "aura lieu le 15 octobre" shares only "lieu".
    const a = ask("Quand a lieu le jury ?");
    expect(a.kind).toBe("date");
    expect(a.text).not.toContain("15 octobre");
    for (const q of a.quotes) expect(q.text).toMatch(/jury/);
  });

  it("greets back instead of answering small talk", () => {
    const a = ask("Bonjour !");
    expect(a.answered).toBe(false);
    expect(a.text).toMatch(/^Bonjour/);
  });

  it("reads a follow-up against the previous question", () => {
    const a = ask("et pour la promo 2 ?", { previousQuestion: "Quelle est la date limite de candidature ?" });
    expect(a).toMatchObject({ kind: "deadline", promotion: 2, answered: true });
    expect(a.text).toContain("27 octobre 2017");
    expect(a.question).toBe("et pour la promo 2 ? (suite de : Quelle est la date limite de candidature ?)");
    const b = ask("and CibNAV?", { previousQuestion: "Who runs the Plume challenge?" });
    expect(b.text).toContain("CibNAV");
  });

  it("keeps sources complete: title, file, section and date; url when known", () => {
    const a = ask("date limite promo 3");
    expect(a.sources[0]).toMatchObject({
      title: expect.any(String),
      file: "knowledge/reglement-eig3-2018.md",
      section: "Article 5 – Dossier de candidature",
      date: "2018-09-10",
      url: expect.stringMatching(/^https:\/\/entrepreneur-interet-general\.etalab\.gouv\.fr\/docs\//),
    });
  });
});

describe("answer() on another knowledge folder", () => {
  it("answers about the website's défis with the right source", async () => {
    const site = await siteKnowledge();
    const a = answer("Quelle administration porte le défi MonitorFish ?", site, { today: TODAY });
    expect(a.text).toContain("Centre National de Surveillance des Pêches");
    expect(a.sources[0]?.file).toContain("_defis/2020-01-01-monitorfish.md");
    const list = answer("Quels sont les défis de la promotion 4 ?", site, { today: TODAY });
    expect(list.quotes.length).toBeGreaterThan(10);
    expect(list.notes.join(" ")).toMatch(/déduite de leur année/);
    expect(answer("Quelle est la capitale de l'Italie ?", site, { today: TODAY }).answered).toBe(false);
  });

  it("finds a défi by the theme its own page opens on", async () => {
    const site = await siteKnowledge();
    const a = answer("Quel défi porte sur les crues ?", site, { today: TODAY });
    expect(a.answered).toBe(true);
    expect(a.sources[0]?.file).toContain("_defis/2019-01-01-vigicrux.md");
  });

  it("gives the entrepreneurs' team size, not the size of the staff's own team", async () => {
    const site = await siteKnowledge();
    const a = answer("Combien d'entrepreneurs par équipe ?", site, { today: TODAY });
    expect(a.text).toMatch(/2 ou 3 entrepreneurs/);
    for (const q of a.quotes) expect(q.text).not.toMatch(/pilote le programme/);
  });

  it("takes a deadline only from a sentence about applying, not 'nous avons clôturé cette promotion'", async () => {
    const site = await siteKnowledge();
    const a = answer("Quelle est la date limite pour candidater ?", site, { today: TODAY });
    expect(a.text).toMatch(/^Date limite de candidature \(promotion 4\) : 7 juin 2020/);
    for (const q of a.quotes) expect(q.text).not.toMatch(/clôturé cette promotion/);
    expect(a.notes.join(" ")).not.toContain("12 novembre 2019");
  });

  it("quotes no sentence that merely names students as a rule about them", async () => {
    const site = await siteKnowledge();
    const a = answer("Je suis étudiant, puis-je candidater ?", site, { today: TODAY });
    for (const q of a.quotes) expect(q.text).not.toMatch(/étudiants/);
    if (a.answered) expect(a.notes.join(" ")).toMatch(/ne disent rien de particulier au sujet des étudiants/);
  });
});
