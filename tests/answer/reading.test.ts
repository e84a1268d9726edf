/**
 * The question reader (src/answer/reading.ts) on short chat messages, against a tiny knowledge
 * folder of its own (two défis in a table), never against knowledge/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerType,
  expandChat,
  type Reading,
  readMessage,
  readQuestion,
  slotsOf,
} from "../../src/answer/reading.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { tempFolder } from "../helpers/knowledge.js";

let kb: KnowledgeBase;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const folder = await tempFolder({
    "defis-promotion-3.md": [
      "# Les défis de la promotion 3",
      "",
      "| Défi | Administration | Description |",
      "| --- | --- | --- |",
      "| CibNAV | Ministère de la Mer | Cibler les navires à contrôler |",
      "| Signaux Faibles | Direction générale des entreprises | Détecter les entreprises en difficulté |",
      "",
    ].join("\n"),
    "programme.md": "# Le programme\n\nLa rémunération est de 4 000 € net par mois pendant 10 mois.\n",
  });
  cleanup = folder.cleanup;
  kb = await loadKnowledge(folder.dir);
});

afterAll(() => cleanup());

/** The only part of a message that asks one thing. */
function one(message: string): Reading {
  const { parts } = readMessage(message, kb);
  expect(parts).toHaveLength(1);
  return parts[0] as Reading;
}

const slotWords = (r: Reading) => r.slots.map((s) => s.word.toLowerCase());

describe("answer type from the form of the question", () => {
  it.each([
    ["Quand est la date limite de candidature ?", "date"],
    ["c kan la cloture des candidatures", "date"],
    ["When does the promo 4 start?", "date"],
    ["A quelle heure commence la réunion ?", "time"],
    ["What time is the demo day?", "time"],
    ["Combien de temps dure la mission ?", "duration"],
    ["Quelle est la durée de la mission ?", "duration"],
    ["How long does the mission last?", "duration"],
    ["Combien de mois dure la mission ?", "duration"],
    ["cb de défis pr la promo 3 ??", "count"],
    ["How many challenges were there in 2018?", "count"],
    ["Combien ça paye ?", "amount"],
    ["Quel est le salaire ?", "amount"],
    ["How much is the salary?", "amount"],
    ["salaire ?", "amount"],
    ["Quelle part du temps est consacrée à la formation ?", "proportion"],
    ["What percentage of the time is training?", "proportion"],
    ["Tous les combien ont lieu les rencontres ?", "frequency"],
    ["How often do we meet?", "frequency"],
    ["Qui est Laure Lucchesi ?", "person"],
    ["Qui est le mentor du défi CibNAV ?", "person"],
    ["Qui porte le défi CibNAV ?", "organisation"],
    ["Quelles administrations accueillent des EIG ?", "organisation"],
    ["Who runs the programme?", "organisation"],
    ["Dans quelle ville se passe la mission ?", "place"],
    ["Where is the mission based?", "place"],
    ["Où trouver le règlement ?", "link"],
    ["Quel est le lien pour candidater ?", "link"],
    ["Where can I find the rules?", "link"],
    ["A qui écrire pour une question ?", "contact"],
    ["Quelle est l'adresse mail du programme ?", "contact"],
    ["Who can I contact?", "contact"],
    ["Pourquoi des défis de 10 mois ?", "reason"],
    ["pk 10 mois ?", "reason"],
    ["Why 10 months?", "reason"],
    ["C'est quoi un EIG ?", "definition"],
    ["c koi un eig", "definition"],
    ["What is an EIG?", "definition"],
    ["Comment candidater ?", "procedure"],
    ["Quelles sont les étapes pour candidater ?", "procedure"],
    ["How do I apply?", "procedure"],
    ["Quels sont les défis de la promo 2 ?", "list"],
    ["What are the challenges of the third cohort?", "list"],
    ["Un fonctionnaire peut-il candidater ?", "yes-no"],
    ["Est-ce que je dois habiter à Paris ?", "yes-no"],
    ["Can a civil servant apply?", "yes-no"],
    ["Quel était le défi de la troisième promotion ?", "info"],
  ])("%s → %s", (question, type) => {
    expect(one(question).type).toBe(type);
  });

  it("lets the longest cue win at one place, and a strong cue override a vague one", () => {
    expect(answerType("Combien de temps ?").type).toBe("duration");
    expect(answerType("Quel est le délai, combien de temps ?")).toMatchObject({
      type: "duration",
      cue: "combien de temps",
    });
  });

  it("says yes/no only for yes/no forms", () => {
    expect(one("Puis-je candidater si je suis étudiant ?")).toMatchObject({ type: "yes-no", yesNo: true });
    expect(one("Faut-il être français ?").yesNo).toBe(true);
    expect(one("Quand commence la mission ?").yesNo).toBe(false);
    expect(one("Combien de défis ?").yesNo).toBe(false);
  });

  it("reads 'combien ça paie' as an amount", () => {
    expect(answerType("combien ça paie ?").type).toBe("amount");
  });

  it("reads 'je voudrais savoir quel est le salaire' as a question", () => {
    const m = readMessage("Je voudrais savoir quel est le salaire", kb);
    expect(m.smallTalk).toBeUndefined();
    expect(m.parts[0]?.type).toBe("amount");
  });

  it("reads 'X, c'est quoi ?' as a definition", () => {
    expect(one("Le défi Signaux Faibles, c'est quoi ?").type).toBe("definition");
  });
});

describe("answer type: colloquial forms", () => {
  it.each([
    ["C'est payé combien un EIG ?", "amount"],
    ["Combien coûte le programme ?", "amount"],
    ["promo3 c quand ?", "date"],
    ["jpeux bosser en remote ?", "yes-no"],
    ["Y a-t-il une limite d'âge ?", "yes-no"],
    ["Qui sont les mentors ?", "person"],
  ])("%s → %s", (question, type) => {
    expect(one(question).type).toBe(type);
  });

  it("takes 'quand même' for 'anyway', not for 'when'", () => {
    expect(answerType("On peut quand même candidater en plus ?")).toMatchObject({
      type: "yes-no",
      yesNo: true,
    });
    expect(answerType("Quand même, quand ferme l'appel ?").type).toBe("date");
  });

  it("reads 'c'est combien le salaire' as an amount", () => {
    expect(one("c'est combien le salaire ?").type).toBe("amount");
  });

  it("reads 'cb ça dure' as a duration", () => {
    expect(one("cb ça dure ?").type).toBe("duration");
  });

  it("reads 'quelle est la date de …' as a date", () => {
    expect(one("Quelle est la date de fin ?").type).toBe("date");
  });
});

describe("answer type: 'où'", () => {
  it("reads an opening 'où' as a place, or as a link for 'où candidater'", () => {
    expect(one("Où travaillent les EIG ?").type).toBe("place");
    expect(one("Et où se passe le bootcamp ?").type).toBe("place");
    expect(one("ou se trouve la cantine ?").type).toBe("place");
    expect(one("Où puis-je candidater ?").type).toBe("link");
    expect(one("Où est-ce que je peux trouver le règlement ?").type).toBe("link");
  });

  it("takes a relative 'où' for no question of place", () => {
    expect(one("Mon employeur ce sera le ministère où je bosse ?").type).not.toBe("place");
    expect(one("Quand commence la mission où je suis pris ?").type).toBe("date");
  });
});

describe("modal and per-unit questions", () => {
  it("marks what one may or must do as modal", () => {
    expect(one("Puis-je candidater si je suis étudiant ?").modal).toBe(true);
    expect(one("Faut-il être français ?").modal).toBe(true);
    expect(one("Est-ce que je dois habiter à Paris ?").modal).toBe(true);
    expect(one("Can a civil servant apply?").modal).toBe(true);
    expect(one("Quand commence la mission ?").modal).toBe(false);
    expect(one("Combien de défis ?").modal).toBe(false);
  });

  it("marks counts given per unit", () => {
    expect(one("Combien de personnes par équipe ?")).toMatchObject({ type: "count", perUnit: true });
    expect(one("How many people per team?")).toMatchObject({ type: "count", perUnit: true });
    expect(one("Salut ! Combien d'EIG par défi ?")).toMatchObject({ type: "count", perUnit: true });
    expect(one("Combien de développeurs ?").perUnit).toBe(false);
    // Only a count is per unit: an amount "par mois" is not.
    expect(one("Quel est le salaire par mois ?").perUnit).toBe(false);
  });
});

describe("the word counted and its complement", () => {
  it("takes the noun after 'combien de', 'how many', 'nombre de'", () => {
    expect(one("cb de défis pr la promo 3 ??").counted?.word).toBe("défis");
    expect(one("Combien de développeurs ?").counted?.word).toBe("développeurs");
    expect(one("Combien d'EIG par défi ?").counted?.word.toLowerCase()).toBe("eig");
    expect(one("How many challenges were there in 2018?").counted?.word).toBe("challenges");
    expect(one("Quel est le nombre de candidats ?").counted?.word).toBe("candidats");
  });

  it("takes the complement of the counted word", () => {
    const fr = one("Combien de lignes de code ?");
    expect(fr).toMatchObject({ type: "count" });
    expect(fr.counted?.word).toBe("lignes");
    expect(fr.countedOf?.word).toBe("code");
    const en = one("How many lines of code were written?");
    expect(en.counted?.word).toBe("lines");
    expect(en.countedOf?.word).toBe("code");
    expect(one("Combien de défis ?").countedOf).toBeUndefined();
  });

  it("counts no generic 'personnes': the rest of the question says which count", () => {
    const r = one("Combien de personnes par équipe ?");
    expect(r.counted).toBeUndefined();
    expect(r.slots.find((s) => s.word === "personnes")?.role).toBe("form");
    expect(r.slots.find((s) => s.word === "équipe")?.role).toBe("subject");
  });

  it("has no counted word outside counts and durations", () => {
    expect(one("Quel est le salaire ?").counted).toBeUndefined();
  });
});

describe("the focus noun", () => {
  it("is the noun right after quel / quels / which", () => {
    const r = one("Selon quel barème est calculée la rémunération ?");
    expect(r.slots.filter((s) => s.focus).map((s) => s.word)).toEqual(["barème"]);
    expect(one("Quels défis en 3e promotion ?").slots.find((s) => s.focus)?.word).toBe("défis");
  });

  it("is not a word of the form ('quel est …')", () => {
    expect(one("Quel est le salaire ?").slots.some((s) => s.focus)).toBe(false);
    expect(one("Combien de défis ?").slots.some((s) => s.focus)).toBe(false);
  });
});

describe("promotions and years", () => {
  it.each([
    ["cb de défis pr la promo 3 ??", [3]],
    ["Quels défis en 3e promotion ?", [3]],
    ["Quels défis en 2ème promotion ?", [2]],
    ["Quel était le défi de la troisième promotion ?", [3]],
    ["What are the challenges of the third cohort?", [3]],
    ["EIG3 ca commence quand ?", [3]],
    ["Quand commence l'EIG 4 ?", [4]],
    ["les défis de la promo 3 et EIG4 ?", [3, 4]],
  ])("%s → %j", (question, promotions) => {
    const r = one(question);
    expect(r.promotions).toEqual(promotions);
    expect(r.promotion).toBe(promotions[0]);
  });

  it("reads 'promotion n°2', 'cohort 2', '2e vague', 'promo3'", () => {
    expect(one("Quand commence la promotion n°2 ?").promotion).toBe(2);
    expect(one("When does cohort 2 start?").promotion).toBe(2);
    expect(one("Quand commence la 2e vague ?").promotion).toBe(2);
    expect(one("promo3 c quand ?").promotion).toBe(3);
  });

  it("does not search 'vague' of '2e vague' as a word", () => {
    expect(slotWords(one("Quand commence la 2e vague ?"))).toEqual(["commence"]);
  });

  it("takes a bare ordinal only in a short question", () => {
    expect(one("et la troisième ?").promotion).toBe(3);
    expect(one("Combien de défis ?").promotion).toBeUndefined();
  });

  it("reads no promotion from a year or a count", () => {
    const r = one("Les EIG 2018 sont combien ?");
    expect(r.promotions).toEqual([]);
    expect(r.years).toEqual(["2018"]);
    expect(one("Combien de défis en 2017, 2018 et 2019 ?").years).toEqual(["2017", "2018", "2019"]);
    expect(one("Pourquoi des défis de 10 mois ?").promotions).toEqual([]);
    expect(one("Quand commence la mission ?").years).toEqual([]);
  });

  it("does not search the promotion as a word", () => {
    expect(slotWords(one("Quels sont les défis de la promo 2 ?"))).toEqual(["défis"]);
    expect(slotWords(one("Quel était le défi de la troisième promotion ?"))).toEqual(["défi"]);
  });

  it("does not search 'EIG3' as a word", () => {
    expect(slotWords(one("EIG3 ca commence quand ?"))).toEqual(["commence"]);
    expect(slotWords(one("les défis de la promo 3 et EIG4 ?"))).toEqual(["défis"]);
  });

  it("reads 'les promos 1 et 2' as two promotions", () => {
    expect(one("Les promos 1 et 2 avaient combien de défis ?").promotions).toEqual([1, 2]);
  });
});

describe("slots", () => {
  it("drops form words, interrogatives and auxiliaries", () => {
    expect(slotWords(one("Quand est la date limite de candidature ?"))).toEqual([
      "date limite",
      "candidature",
    ]);
    expect(slotWords(one("Combien de temps dure la mission ?"))).toEqual(["dure", "mission"]);
    expect(slotWords(one("Puis-je candidater si je suis étudiant ?"))).toEqual(["candidater", "étudiant"]);
    expect(slotWords(one("What is the salary?"))).toEqual(["salary"]);
    expect(slotWords(one("Est-ce que je peux candidater ?"))).toEqual(["candidater"]);
    for (const q of [
      "Quand commence la mission ?",
      "Comment candidater ?",
      "Pourquoi des défis de 10 mois ?",
      "Who runs the programme?",
    ]) {
      const ws = slotWords(one(q));
      for (const form of ["quand", "comment", "pourquoi", "who", "runs", "est", "de", "la"])
        expect(ws).not.toContain(form);
    }
  });

  it("does not search numbers as words", () => {
    expect(slotWords(one("Pourquoi des défis de 10 mois ?"))).toEqual(["défis", "mois"]);
  });

  it("keeps lexicon phrases whole and gives each slot its alternatives", () => {
    const [salary] = slotsOf("What is the salary?", "subject");
    expect(salary).toMatchObject({ word: "salary", terms: ["salary"], groups: ["pay"], role: "subject" });
    expect(salary?.alternatives).toContainEqual(["remuner"]);
    expect(salary?.alternatives).toContainEqual(["salair"]);
    const [deadline] = slotsOf("date limite", "subject");
    expect(deadline).toMatchObject({ word: "date limite", groups: ["deadline"] });
    expect(deadline?.alternatives).toContainEqual(["deadlin"]);
    const remote = slotsOf("bosser à distance", "subject");
    expect(remote.map((s) => s.groups[0])).toEqual(["work", "remote"]);
    expect(remote[1]?.alternatives).toContainEqual(["teletravail"]);
  });

  it("weighs form words that documents use too as 'form'", () => {
    expect(slotsOf("la date de la réunion", "subject").find((s) => s.word === "date")?.role).toBe("form");
  });

  it("keeps the défis a question names, and does not search their names as words", () => {
    const r = one("Qui porte le défi CibNAV ?");
    expect(r.defis.map((d) => d.name)).toEqual(["CibNAV"]);
    expect(slotWords(r)).toEqual(["défi"]);
    expect(one("cibnav c koi").defis.map((d) => d.name)).toEqual(["CibNAV"]);
    expect(one("Combien de défis ?").defis).toEqual([]);
  });

  it("does not keep 'per' as a slot", () => {
    expect(slotWords(one("How many people per team?"))).toEqual(["people", "team"]);
  });
});

describe("chat spellings", () => {
  it("writes SMS spellings out", () => {
    expect(expandChat("cb de défis pr la promo 3")).toBe("combien de défis pour la promotion 3");
    expect(expandChat("c koi le langage C")).toBe("c'est quoi le langage C");
    expect(readMessage("slt, je suis dev. c koi la date limite pr la promo 3 ??", kb).text).toBe(
      "salut, je suis développeur. c'est quoi la date limite pour la promotion 3 ??",
    );
  });

  it("leaves 'c'est' alone", () => {
    expect(expandChat("c'est payé combien")).toBe("c'est payé combien");
  });
});

describe("messages: parts, context and small talk", () => {
  it("reads the example of the module's doc", () => {
    const m = readMessage("slt, je suis dev. c koi la date limite pr la promo 3 ??", kb);
    expect(m.language).toBe("fr");
    expect(m.smallTalk).toBeUndefined();
    expect(m.parts).toHaveLength(1);
    expect(m.parts[0]).toMatchObject({ type: "date", promotion: 3 });
    expect(slotWords(m.parts[0] as Reading)).toEqual(["date limite"]);
    expect(m.context.map((s) => s.word)).toEqual(["développeur"]);
    expect(m.context.every((s) => s.role === "context")).toBe(true);
  });

  it("splits two questions of one sentence, and keeps the promotion for the second", () => {
    const m = readMessage("Quand commence la promo 4 et combien ça coûte ?", kb);
    expect(m.parts.map((p) => p.text)).toEqual(["Quand commence la promotion 4 ?", "combien ça coûte ?"]);
    expect(m.parts.map((p) => p.type)).toEqual(["date", "amount"]);
    expect(m.parts.map((p) => p.promotion)).toEqual([4, 4]);
  });

  it("reads two sentences that ask as two parts", () => {
    const m = readMessage("C'est quand la clôture ? Et combien de défis ?", kb);
    expect(m.parts.map((p) => p.type)).toEqual(["date", "count"]);
    expect(m.parts[1]?.counted?.word).toBe("défis");
  });

  it("splits two English questions of one sentence", () => {
    const m = readMessage("When does it start and how much does it pay?", kb);
    expect(m.parts.map((p) => p.type)).toEqual(["date", "amount"]);
    expect(m.parts.map(slotWords)).toEqual([["start"], ["pay"]]);
  });

  it("reads at most three questions", () => {
    expect(readMessage("Quand ? Combien ? Pourquoi ? Comment ?", kb).parts.map((p) => p.type)).toEqual([
      "date",
      "count",
      "reason",
    ]);
  });

  it("takes context said after the question too", () => {
    const m = readMessage("Quand commence la mission ? je suis fonctionnaire", kb);
    expect(m.parts).toHaveLength(1);
    expect(m.context.map((s) => s.word)).toEqual(["fonctionnaire"]);
  });

  it("takes context from the sentences around the question", () => {
    const m = readMessage("Je suis étudiant. Est-ce que je peux candidater ?", kb);
    expect(m.context.map((s) => s.word)).toEqual(["étudiant"]);
    expect(m.parts[0]).toMatchObject({ type: "yes-no", modal: true });
    const p = readMessage("Je suis en promo 3. Quand est la fin ?", kb);
    expect(p.parts[0]).toMatchObject({ type: "date", promotion: 3, promotions: [3] });
  });

  it("puts greetings and thanks aside around a question", () => {
    const m = readMessage("Bonjour, quand commence la mission ? Merci !", kb);
    expect(m.smallTalk).toBeUndefined();
    expect(m.parts).toHaveLength(1);
    expect(m.parts[0]?.type).toBe("date");
    expect(slotWords(m.parts[0] as Reading)).toEqual(["commence", "mission"]);
  });

  it("reads a few words with no question form as what is asked", () => {
    expect(one("date limite promo 3")).toMatchObject({ type: "date", promotion: 3 });
  });

  it.each([
    ["Bonjour !", "greeting"],
    ["slt", "greeting"],
    ["hello", "greeting"],
    ["merci beaucoup !", "thanks"],
    ["Salut, merci", "thanks"],
    ["thx", "thanks"],
    ["thanks!", "thanks"],
    ["aide", "help"],
    ["?", "help"],
    ["help", "help"],
    ["", "empty"],
    ["je suis data scientist depuis six ans", "statement"],
    ["I'm a developer", "statement"],
  ])("%j is small talk: %s", (message, kind) => {
    const m = readMessage(message, kb);
    expect(m.smallTalk).toBe(kind);
    expect(m.parts).toEqual([]);
  });

  it("takes 'hi there' for a greeting", () => {
    expect(readMessage("hi there", kb)).toMatchObject({ smallTalk: "greeting", parts: [] });
  });

  it("reads the language", () => {
    expect(readMessage("How long does the mission last?", kb).language).toBe("en");
    expect(readMessage("Combien de temps dure la mission ?", kb).language).toBe("fr");
  });
});

describe("readQuestion on its own", () => {
  it("reads one question with a language given", () => {
    const r = readQuestion("Combien de défis pour la promotion 3 ?", kb, "fr");
    expect(r).toMatchObject({
      language: "fr",
      type: "count",
      promotion: 3,
      promotions: [3],
      years: [],
      defis: [],
    });
    expect(r.counted?.word).toBe("défis");
  });
});

describe("words of the question's form among its subjects", () => {
  const role = (r: Reading, word: string) => r.slots.find((s) => s.word.toLowerCase() === word)?.role;

  it("takes a size for a qualifier, not a topic", () => {
    const r = one("Est-ce que je pourrai garder une petite activité à côté ?");
    expect(role(r, "petite")).toBe("form");
    expect(role(r, "activité")).toBe("subject");
  });

  it("takes permission for the form of a question of what one may do", () => {
    expect(role(one("Garder une activité à côté, c'est interdit ?"), "interdit")).toBe("form");
    expect(role(one("Is remote work allowed?"), "allowed")).toBe("form");
    // Not in a question of something else: "quels sont les usages interdits ?" asks about them.
    expect(role(one("Quels sont les usages interdits ?"), "interdits")).toBe("subject");
  });

  it("reads a few words of options after a question as that question's ('… ? le programme ou nous ?')", () => {
    const { parts } = readMessage("C'est qui qui paye les déplacements ? le programme ou nous ?", kb);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.text).toMatch(/déplacements \? le programme ou nous \?$/);
  });

  it("reads the options of an alternative as one slot ('net ou brut ?')", () => {
    const r = one("Le salaire est net ou brut ?");
    expect(slotWords(r)).toEqual(["salaire", "net / brut"]);
    const options = r.slots.find((s) => s.word === "net / brut");
    expect(options?.terms).toEqual(["net"]);
    expect(options?.alternatives).toContainEqual(["brut"]);
  });

  it("counts no particular thing in 'how many items' (whatever the sentence counts)", () => {
    const r = one("How many items are on the collections website?");
    expect(r.type).toBe("count");
    expect(r.counted).toBeUndefined();
  });

  it("takes the words naming an address for the form of a question of contact", () => {
    const r = one("À quelle adresse mail j'écris pour ma candidature ?");
    expect(r.type).toBe("contact");
    expect(role(r, "adresse")).toBe("form");
    expect(role(r, "candidature")).toBe("subject");
  });
});
