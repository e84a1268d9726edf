/**
 * Sentences of a passage, for quoting the one that carries a fact. Intl.Segmenter does the
 * work; it breaks after abbreviations ("M. Dupont", "nov. 2018", "art. 4"), so a break right
 * after one of those is undone. Line breaks inside a passage (a défi's name, then its
 * administration) are sentence breaks too.
 */
const segmenter = new Intl.Segmenter("fr", { granularity: "sentence" });

const ABBREVIATION =
  /(?:^|[\s(])(?:M|Mme|Mlle|MM|Dr|Pr|Me|St|Ste|art|cf|ex|env|etc|n°|no|p|pp|vol|janv|fév|févr|avr|juil|sept|oct|nov|déc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.\s*$/;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    let pending = "";
    for (const { segment } of segmenter.segment(line)) {
      pending += segment;
      // "2.Préfiguration…": a list number is no sentence.
      if (!ABBREVIATION.test(pending) && !/^\s*\d{1,2}\.\s*$/.test(pending)) {
        if (pending.trim()) out.push(pending.trim());
        pending = "";
      }
    }
    if (pending.trim()) out.push(pending.trim());
  }
  return out;
}
