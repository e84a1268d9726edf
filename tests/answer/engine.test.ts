/**
 * The answer engine on a small knowledge folder of its own (two promotions' rules and an FAQ),
 * independent of knowledge/: what each kind of question gets, the promotion rules, yes/no, FAQ
 * entries, lists, several parts, follow-ups, and honest refusals. Every figure of an answer is
 * one its quotes (or its sources' dates) hold.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, answerTurn } from "../../src/answer/answer.js";
import type { Answer } from "../../src/answer/types.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { tempFolder } from "../helpers/knowledge.js";

const RULES_3 = `---
title: "Règlement de l'appel à candidature, promotion 3"
date: 2018-09-10
url: "https://example.org/reglement-3.pdf"
kind: rules
promotion: 3
---

## Article 2 – Rémunération

Les entrepreneurs lauréats sont rémunérés sur une base de 4 000 € net par mois.

## Article 3 – Défis

| Défi | Description | Administration |
| --- | --- | --- |
| CibNAV | Cibler les contrôles des navires. | Direction des affaires maritimes |
| Plume | Faciliter la rédaction des rapports. | Cour des comptes |

## Article 4 – Conditions d'éligibilité

Peut participer toute personne physique majeure.

Ne peuvent pas candidater les fonctionnaires en poste.

## Article 5 – Dossier de candidature

La clôture de l'appel à candidatures aura lieu le 15 octobre 2018 à 17h.

Le dossier se dépose via un formulaire en ligne : https://example.org/candidature-3.

Chaque candidat peut se positionner sur deux défis au plus.
`;

const RULES_4 = `---
title: "Règlement de l'appel à candidature, promotion 4"
date: 2019-09-19
url: "https://example.org/reglement-4.pdf"
kind: rules
promotion: 4
---

## Article 2 – Rémunération

Les EIG sont rémunérés 3 500 € net par mois jusqu'à 5 ans d'expérience, et 4 000 € net par mois au-delà.

## Article 5 – Calendrier

Les candidatures sont reçues jusqu'au 25 octobre 2019 à 12h, date de clôture de l'appel.
`;

const FAQ = `---
title: "Foire aux questions"
date: 2021-02-17
url: "https://example.org/faq.html"
kind: faq
---

## Puis-je travailler à distance ?

Oui, le télétravail est possible deux jours par semaine.

## Les mentors assistent-ils aux sessions ?

Les mentors assistent à une session tous les deux mois.

## Quels sont les critères de sélection ?

Les critères de sélection des projets sont les suivants :

- la pertinence du besoin ;
- l'autonomie de l'équipe ;
- le portage politique.

## Vous n'avez pas trouvé de réponse ?

Écrivez-nous : contact@example.org.
`;

let kb: KnowledgeBase;
let cleanup: () => Promise<void>;
const TODAY = new Date("2026-11-24T12:00:00Z");

beforeAll(async () => {
  const folder = await tempFolder({ "rules-3.md": RULES_3, "rules-4.md": RULES_4, "faq.md": FAQ });
  cleanup = folder.cleanup;
  kb = await loadKnowledge(folder.dir, { indexCache: false });
});
afterAll(() => cleanup());

const ask = (q: string, today = TODAY) => answer(q, kb, { today });
const all = (a: Answer) => [a.text, ...a.quotes.map((q) => q.text), ...a.notes].join("\n");

/** Every figure of the short answer is in a quote or a source's date: nothing is made up. */
function expectGrounded(a: Answer) {
  const held = [...a.quotes.map((q) => q.text), ...a.sources.map((s) => `${s.title} ${s.date ?? ""}`)]
    .join(" ")
    .replace(/\s/g, "");
  for (const n of a.text.match(/\d+/g) ?? []) expect(held, `"${n}" of "${a.text}"`).toContain(n);
}

describe("answer() on a folder of its own", () => {
  it("gives the date of the promotion asked, says it is past, and cites its rules", () => {
    const a = ask("Quelle est la date limite pour candidater à la promo 3 ?");
    expect(a).toMatchObject({ answered: true, kind: "date", promotion: 3 });
    expect(a.text).toMatch(/^Promotion 3 : 15 octobre 2018 à 17h \(date passée\)/);
    expect(a.sources[0]?.title).toMatch(/promotion 3/);
    expectGrounded(a);
  });

  it("never answers one promotion from another's rules", () => {
    const a = ask("c'est quand la date limite pr la promo 4 ?");
    expect(a.text).toMatch(/25 octobre 2019 à 12h/);
    expect(all(a)).not.toMatch(/15 octobre/);
    expect(ask("Quelle est la date limite de la promotion 7 ?")).toMatchObject({ answered: false });
    expect(ask("Quelle est la date limite de la promotion 7 ?").text).toMatch(
      /promotion 7.*promotions 3 et 4/,
    );
  });

  it("leads with the latest promotion when none is named, and names the other", () => {
    const a = ask("Quelle est la date limite ?");
    expect(a.promotion).toBe(4);
    expect(a.text).toMatch(/25 octobre 2019/);
    expect(a.notes.join(" ")).toMatch(/promotion 3 : 15 octobre 2018/);
  });

  it("says a date is still to come when it is", () => {
    const a = ask("date limite promo 3", new Date("2018-10-01T12:00:00Z"));
    expect(a.text).toMatch(/15 octobre 2018 à 17h \(à venir\)/);
  });

  it("keeps the conditions of an amount with its figures", () => {
    const a = ask("ça paye combien la promo 4 ? ça dépend de l'expérience ?");
    expect(a.text).toMatch(/3 500 € net par mois/);
    expect(a.text).toMatch(/4 000 € net par mois/);
    expect(all(a)).toMatch(/5 ans d'expérience/);
    expectGrounded(a);
  });

  it("answers yes or no only when a quoted rule says so", () => {
    const no = ask("Un fonctionnaire peut-il candidater à la promo 3 ?");
    expect(no.text).toMatch(/^Promotion 3 : Non, d'après/);
    expect(all(no)).toMatch(/Ne peuvent pas candidater les fonctionnaires/);
    const yes = ask("je bosse à distance, c'est ok ?");
    expect(yes.text).toMatch(/^Oui, d'après « Foire aux questions »/);
    expect(yes.quotes[0]?.text).toMatch(/^Oui, le télétravail est possible/);
  });

  it("answers an FAQ entry with its body, never its heading", () => {
    const a = ask("Can I work remotely?");
    expect(a).toMatchObject({ answered: true, language: "en" });
    expect(a.quotes.map((q) => q.text).join(" ")).not.toMatch(/Puis-je travailler/);
    expect(a.text).toMatch(/according to/);
  });

  it("reads how often, in any wording", () => {
    expect(ask("les mentors viennent aux sessions tous les combien ?").text).toMatch(/tous les deux mois/);
    expect(ask("How often do mentors attend the sessions?").text).toMatch(/tous les deux mois/);
  });

  it("quotes a list with the sentence that announces it", () => {
    const a = ask("Quels sont les critères de sélection ?");
    const quoted = a.quotes.map((q) => q.text).join("\n");
    expect(quoted).toMatch(/pertinence du besoin/);
    expect(quoted).toMatch(/autonomie de l'équipe/);
    expect(quoted).toMatch(/portage politique/);
  });

  it("answers each part of a two-part question", () => {
    const a = ask("Quelle est la date limite pour la promo 3 ? et combien sont payés les EIG ?");
    expect(a.kind).toBe("several");
    expect(a.text).toMatch(/^1\. Promotion 3 : 15 octobre 2018/m);
    expect(a.text).toMatch(/^2\. .*4 000 € net par mois/m);
  });

  it("reads a follow-up against the previous turn's reading", () => {
    const first = answerTurn("Quelle est la date limite pour la promo 3 ?", kb, { today: TODAY });
    const next = answerTurn("et pour la 4 ?", kb, {
      today: TODAY,
      ...(first.turn ? { previous: first.turn } : {}),
    });
    expect(next.answer.text).toMatch(/25 octobre 2019/);
    expect(next.answer.notes.join(" ")).toMatch(/suite de/);
    const who = answerTurn("Qui porte le défi CibNAV ?", kb, { today: TODAY });
    const what = answerTurn("et Plume ?", kb, { today: TODAY, ...(who.turn ? { previous: who.turn } : {}) });
    expect(what.answer.text).toMatch(/Cour des comptes/);
  });

  it("gives a défi's administration from the table that lists it", () => {
    const a = ask("Qui porte le défi CibNAV ?");
    expect(a).toMatchObject({ answered: true, kind: "defi-card", promotion: 3 });
    expect(a.text).toMatch(/Direction des affaires maritimes/);
  });

  it("answers no figure about a défi from its card, which holds none", () => {
    const a = ask("Combien de lignes de code compte le défi CibNAV ?");
    expect(a.answered).toBe(false);
    expect(a.kind).not.toBe("defi-card");
  });

  it("reads a limit as the rule it is", () => {
    expect(all(ask("À combien de défis puis-je candidater ?"))).toMatch(/deux défis au plus/);
  });

  it("says it does not know what the documents do not say, and gives the contact", () => {
    for (const q of [
      "Combien de jours de congés payés ont les EIG ?",
      "Quelle est la capitale du Pérou ?",
      "best laptop for data science?",
      "Les frais de repas sont remboursés selon quel barème ?",
    ]) {
      const a = ask(q);
      expect(a.answered, `${q} → ${a.text}`).toBe(false);
    }
    expect(ask("Combien de jours de congés payés ont les EIG ?").text).toMatch(/contact@example\.org/);
  });

  it("greets back, and tells what it answers when told something that is no question", () => {
    expect(ask("Bonjour !")).toMatchObject({ answered: false, kind: "greeting" });
    expect(ask("merci beaucoup")).toMatchObject({ answered: false, kind: "thanks" });
    const told = ask("Bonjour, je suis data scientist depuis six ans");
    expect(told).toMatchObject({ answered: false, kind: "statement" });
    expect(told.text).toMatch(/Je réponds aux questions/);
  });

  it("answers English questions in English around French quotes", () => {
    const a = ask("What is the salary in promotion 4?");
    expect(a).toMatchObject({ answered: true, language: "en", promotion: 4 });
    expect(a.text).toMatch(/according to/);
    expect(a.text).toMatch(/3 500 €/);
    expectGrounded(a);
  });
});

describe("a sentence must hold the question, not only its window", () => {
  it("answers no question from a clause that happens to sit in a well-covered section", async () => {
    const { readFile } = await import("node:fs/promises");
    const rules = await readFile(
      "tests/fixtures/eval/other-rules/reglement-eig4-2019-synthetique.md",
      "utf8",
    );
    const folder = await tempFolder({
      "reglement-4.md": rules,
      "note.md":
        "---\ntitle: Note\n---\n\nLe défi « EIG Link » est renouvelé pour accompagner la promotion.\n",
    });
    try {
      const own = await loadKnowledge(folder.dir, { indexCache: false });
      const a = answer(
        "Mon CDD EIG de la promo 4, il peut être prolongé ou renouvelé après les 10 mois ?",
        own,
        {
          today: TODAY,
        },
      );
      expect(a.answered, a.text).toBe(false);
    } finally {
      await folder.cleanup();
    }
  });
});
