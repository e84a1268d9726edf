/**
 * French or English, for short chat questions: counts function words typical of each language.
 * A statistical detector (franc) needs longer texts and costs megabytes; questions here are one
 * line, and the bot only needs to choose between two languages. Ties go to French.
 */
import type { Language } from "./types.js";

const ENGLISH = new Set(
  (
    "the a an is are was were be been what which who whom whose when where why how do does did can could " +
    "should would will shall may might must i you he she we they it my your our their this that these those " +
    "there of to in on for from with about many much long any each every per team apply deadline salary " +
    "challenge cohort please hi hello thanks thank yes no not and or if at by as"
  ).split(" "),
);

const FRENCH = new Set(
  (
    "le la les un une des du de d l qu est sont quel quelle quels quelles qui que quoi quand combien comment " +
    "pourquoi où ou et en au aux pour par sur dans avec je j tu il elle nous vous ils elles on mon ma mes " +
    "ce cette ces est-ce c puis-je peut-on peut faut il y a bonjour merci oui non pas ne défi défis équipe"
  ).split(" "),
);

export function detectLanguage(text: string): Language {
  const words = text
    .toLowerCase()
    .replace(/[’‘ʼ]/g, "'")
    .split(/[^\p{L}'-]+/u)
    .flatMap((w) => w.split("'"))
    .filter(Boolean);
  let en = 0;
  let fr = 0;
  for (const w of words) {
    if (ENGLISH.has(w)) en++;
    if (FRENCH.has(w)) fr++;
    if (/[éèêàùçâîôûœ]/.test(w)) fr += 0.5;
  }
  return en > fr ? "en" : "fr";
}
