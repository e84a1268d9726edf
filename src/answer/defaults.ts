/**
 * Every weight and threshold of the answer engine, in one place, each with why (as MiniSearch
 * documents its options). Inner code reads `ENGINE` and never writes a number of its own.
 */
export interface EngineOptions {
  /** Passages asked of MiniSearch per question. Enough to reach a fact that repeats few words of
   * the question; more costs time on large folders for little gain. Default 60. */
  searchLimit: number;
  /** Candidate windows examined per question (the best-ranked passages' windows). 16: the same answers on every evaluation set as 24, for two thirds of the work. */
  windows: number;
  /** Windows whose sentences are read, the best covering first. Sentence choice is most of an
   * answer's time. 16 (all the windows kept, for now: fewer lost answers). */
  judged: number;
  /** Sentences of a window searched for a span: those that hold most of the question. 8. */
  sentencesRead: number;
  /** A section of at most this many passages is read whole as one window; a longer one is read
   * around the matching passage (`windowRadius` passages each side). Defaults 10 and 2. */
  wholeSection: number;
  windowRadius: number;
  /** Weight of an alternative (a lexicon synonym) in the search query and in coverage, relative
   * to the word typed. Below 1: a synonym is evidence, but weaker than the word itself. 0.8. */
  alternativeCredit: number;
  /** Credit of a word found only by prefix or one typo ("candidatter"). 0.8. */
  nearCredit: number;
  /** Credit of a word found only in the document's title. A title says what the whole document is
   * about, so it counts, but less than the section itself. 0.5. */
  titleCredit: number;
  /** Weight of a word of the question's form that documents use too ("date" in "à quelle date").
   * 0.3. */
  formWeight: number;
  /** Weight of the name of a défi the question names, times its rarity: a window that does not
   * speak of it is not about it. 2. */
  nameWeight: number;
  /** Weight of the question's focus, the noun after "quel"/"which" ("selon quel barème"), times its
   * rarity: it is what the answer must be about. 1.5. */
  focusWeight: number;
  /** Weight of a word of the sentences said around the question ("je suis étudiant."). 0.6. */
  contextWeight: number;
  /** A word the knowledge has never seen, and that is no word of the lexicon, weighs this share of
   * the rarest known word: it may be what the question is about, or chat, or the asker's own story
   * ("on a le budget en interne"). A word of the lexicon the knowledge lacks ("congés") weighs
   * fully: it is a topic the documents do not cover. 0.35. */
  unknownShare: number;
  /** Minimum share of the question's weighted words a window must cover to be an answer. Below
   * it the bot says it does not know. Tuned on the development questions. 0.5. */
  minCoverage: number;
  /** Coverage is the share of the weight of the question's heaviest words, this many at most: a
   * long message ("je suis fonctionnaire depuis 6 ans et … est-ce que je peux candidater ?")
   * need not find every word of its story in one section. 7. */
  coverageWords: number;
  /** Minimum coverage of a window whose sentence counts the very thing counted ("combien de
   * candidatures" → "plus de 200 candidats"). 0.2. */
  minCoverageCounted: number;
  /** Minimum coverage for a question of no particular type (nothing but the words to go on). 0.55
   * (0.6 lost answers on the website's development questions and gained none). */
  minCoverageUntyped: number;
  /** When the question has two or more words, at least this many must be covered. 2. */
  minCoveredSlots: number;
  /** In sentence choice: credit of a word found in the section's heading, and in the sentence
   * next to it (the fact may sit one sentence after the words). 0.7 and 0.4. */
  headingCredit: number;
  neighbourCredit: number;
  /** Bonus to a sentence holding a span of the expected type; a typed question is answered only by
   * such a sentence (or one next to it). 1. */
  typeBonus: number;
  /** Bonus to a sentence that states a rule ("peuvent", "dans la limite de") when the question
   * asks what one may do, or that gives steps when it asks how (added to the sentence's answer
   * quality, 0–1). A preference between sentences that hold the question's words. 0.5. */
  ruleBonus: number;
  /** Bonus to the answer quality of a sentence that names the promotion asked ("la 3e promotion
   * … 32 entrepreneurs"): it states its fact for that promotion. 0.3. */
  promotionBonus: number;
  /** A behaviour (a défi's card, a list of défis…) answers instead of the general path when it fits
   * at least this share of the general path's best score (capped at 1). 0.9. */
  behaviourShare: number;
  /** For a figure (a count, an amount…), candidates within this share of the best score vote: the
   * value most documents state leads. 0.6. */
  supportShare: number;
  /** Share of the best candidate's score within which another candidate counts as "as good":
   * competing facts from other documents or promotions are then reported. 0.85. */
  closeShare: number;
  /** Sentences quoted for an answer from a section, and the most characters quoted in all. */
  maxSentences: number;
  maxQuoteChars: number;
  /** List items a sentence ending with ":" brings with it. 10. */
  maxListItems: number;
  /** Coverage a sentence must reach for its "oui"/"non" to lead a yes/no answer. 0.75. */
  yesNoCoverage: number;
  /** Preference of a passage about the promotion asked over one about no promotion. 1.25. */
  samePromotion: number;
  /** An FAQ entry whose question (its heading, or one of its other wordings) holds this share of
   * the question answers it with its body even when the body holds no span of the expected type:
   * the staff wrote that body for that question ("Combien de temps prend le dossier ?" → "Le temps
   * est variable, mais…"). 0.8: the heading must carry nearly all of the question. */
  faqQuestionMatch: number;
  /** For an answer of no particular type (a list, a reason…), the share of the best score within
   * which a later promotion's or document's candidate leads instead. 0.95: such answers do not
   * change with the year as figures do; the best-matching section is the answer. */
  untypedCloseShare: number;
  /** Least share of the question the answering sentence must hold with its heading and
   * neighbours (its own coverage, not its window's). 0.3: below it, a rule or a figure that
   * happens to sit in a well-covered window answered questions it is not about ("le CDD peut-il
   * être renouvelé ?" → the RGPD clause); 0.35 and more lost right answers on the development
   * questions. */
  minSentenceCoverage: number;
}

export const ENGINE: Readonly<EngineOptions> = {
  searchLimit: 60,
  windows: 16,
  judged: 16,
  sentencesRead: 8,
  wholeSection: 10,
  windowRadius: 2,
  alternativeCredit: 0.8,
  nearCredit: 0.8,
  titleCredit: 0.5,
  formWeight: 0.3,
  nameWeight: 2,
  focusWeight: 1.5,
  contextWeight: 0.6,
  unknownShare: 0.35,
  minCoverage: 0.5,
  minCoverageUntyped: 0.55,
  minCoverageCounted: 0.2,
  coverageWords: 7,
  minCoveredSlots: 2,
  headingCredit: 0.7,
  neighbourCredit: 0.4,
  typeBonus: 1,
  ruleBonus: 0.5,
  promotionBonus: 0.3,
  behaviourShare: 0.9,
  supportShare: 0.6,
  closeShare: 0.85,
  maxSentences: 3,
  maxQuoteChars: 700,
  maxListItems: 10,
  yesNoCoverage: 0.75,
  samePromotion: 1.25,
  faqQuestionMatch: 0.8,
  untypedCloseShare: 0.95,
  minSentenceCoverage: 0.3,
};
