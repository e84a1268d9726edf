/**
 * A small English → French vocabulary of the themes and institutions public-sector défis are
 * about, so that an English question ("Which challenges are about health?", "run by the Ministry
 * of the Interior") searches the French words the knowledge is written in. The concept lexicon
 * (concepts.ts) covers what a question asks (deadline, team, pay…); this covers what it is about.
 * Hand-written because no maintained npm package offers a bilingual glossary this small; it is
 * general vocabulary, not tied to any one document or question.
 */
import { analyze } from "./analyzer.js";

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["health", "santé"],
  ["healthcare", "santé soins"],
  ["hospital", "hôpital"],
  ["medicine", "médicament"],
  ["medicines", "médicaments"],
  ["drugs", "médicaments"],
  ["disease", "maladie"],
  ["justice", "justice"],
  ["court", "cour tribunal"],
  ["courts", "tribunaux"],
  ["law", "droit loi"],
  ["prison", "prison pénitentiaire"],
  ["police", "police gendarmerie"],
  ["interior", "intérieur"],
  ["ministry", "ministère"],
  ["agency", "agence"],
  ["agriculture", "agriculture agricole"],
  ["farming", "agriculture agricole"],
  ["organic", "bio biologique"],
  ["food", "alimentation"],
  ["environment", "environnement"],
  ["ecology", "écologie écologique"],
  ["climate", "climat"],
  ["energy", "énergie"],
  ["water", "eau"],
  ["forest", "forêt"],
  ["sea", "mer maritime"],
  ["maritime", "maritime"],
  ["fishing", "pêche"],
  ["fisheries", "pêche"],
  ["ships", "navires"],
  ["boats", "navires bateaux"],
  ["culture", "culture culturel"],
  ["museum", "musée"],
  ["museums", "musées"],
  ["heritage", "patrimoine"],
  ["education", "éducation"],
  ["school", "école"],
  ["schools", "écoles"],
  ["university", "université"],
  ["research", "recherche"],
  ["employment", "emploi"],
  ["jobs", "emploi"],
  ["work", "travail"],
  ["refugees", "réfugiés"],
  ["migrants", "migrants réfugiés"],
  ["housing", "logement"],
  ["transport", "transport"],
  ["roads", "routes routière"],
  ["security", "sécurité"],
  ["safety", "sécurité"],
  ["fire", "incendie feu"],
  ["firefighters", "pompiers"],
  ["rescue", "secours sauvetage"],
  ["emergency", "urgence secours"],
  ["defence", "défense armées"],
  ["defense", "défense armées"],
  ["army", "armée"],
  ["taxes", "impôts fiscal"],
  ["tax", "impôts fiscal"],
  ["customs", "douane douanes"],
  ["finance", "finances"],
  ["economy", "économie"],
  ["companies", "entreprises"],
  ["businesses", "entreprises"],
  ["fraud", "fraude"],
  ["social", "social sociale"],
  ["solidarity", "solidarité"],
  ["elections", "élections"],
  ["maps", "cartes cartographie"],
  ["map", "carte cartographie"],
  ["statistics", "statistiques"],
];

/** Analyzed English term → analyzed French terms. */
const TRANSLATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  PAIRS.flatMap(([en, fr]) => {
    const [term] = analyze(en);
    return term ? [[term, analyze(fr)] as const] : [];
  }),
);

/** The French terms for an analyzed English term, if it is a theme word; else undefined. */
export function frenchThemeTerms(term: string): readonly string[] | undefined {
  return TRANSLATIONS.get(term);
}
