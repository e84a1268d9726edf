/**
 * The vocabulary, in one place: groups of words that mean the same thing for someone asking
 * about a public programme that recruits people for missions — in French, in English and in the
 * chat French people type ("bosser", "boîte", "thune"). A question's word finds the other words
 * of its group in the documents: "salary" meets "rémunération", "bosser à distance" meets
 * "télétravail", "How long" meets "durée".
 *
 * Used for reading questions (a word's group widens what it may match) and for judging passages
 * (a passage covers a question's word when it holds any word of the group). Hand-written: no
 * maintained French thesaurus or bilingual dictionary is published on npm (WOLF, the French
 * WordNet, is not packaged; checked 2026-12), and a general one would bring senses that do not
 * belong here ("mission" is not "travail" in a programme where missions are the subject).
 *
 * Rules for adding words: general vocabulary only — never a phrase of one document or of one
 * question; a group holds words a reader would take for the same thing in this domain; a word
 * that is ambiguous across groups goes in none.
 */
import { analyze } from "./analyzer.js";

/** Groups, each: French | English | chat words (any of them may be phrases). */
const GROUPS: Record<string, string> = {
  apply:
    "candidater candidature candidatures postuler postulé inscrire inscription déposer dépôt concourir | apply applying application applications sign up",
  applicant: "candidat candidats candidate | candidate candidates applicant applicants",
  deadline:
    "date limite clôture clôturer clos dernier délai au plus tard avant | deadline closing date due date closes close",
  open: "ouverture ouvre ouvert ouverte lancement | open opens opening launch",
  start:
    "commencer commence commencent débuter début débute démarrer démarrage démarre rentrée prise de fonction intégrer intégration intègrent | start starts starting begin begins beginning kick off onboarding",
  end: "fin finir termine terminer achever s'achève | end ends finish finishes over",
  pay: "salaire salaires rémunération rémunéré rémunérés payé payés paie paye payer gagner gagne | salary salaries pay paid wage wages earn earns income compensation | thune fric oseille",
  net: "net nets | net take home",
  gross: "brut bruts | gross",
  money: "euros euro € argent | euros euro dollars money",
  funding:
    "financement financer financé cofinancement co-financement cofinance subvention crédits budget budgétaire prise en charge prend en charge pris en charge prendre en charge | funding fund funds funded finance financing grant subsidy co-funding cofunding budget",
  self_funding:
    "autofinancer autofinancement auto-financer auto-financement | self-fund self-funding self-financing self-finance",
  contract: "contrat contrats cdd contractuel contractuels | contract contracts fixed-term",
  employer: "employeur employeurs | employer employers",
  duration: "durée dure durer | duration last lasts length",
  month: "mois | month months",
  year: "an ans année années | year years",
  week: "semaine semaines | week weeks",
  day: "jour jours journée | day days",
  hour: "heure heures | hour hours o'clock",
  team: "équipe équipes binôme binômes trinôme trinômes | team teams pair pairs trio",
  challenge: "défi défis | challenge challenges",
  project: "projet projets | project projects",
  administration:
    "administration administrations ministère ministères structure d'accueil administration d'accueil | administration administrations ministry ministries department government agency host administration",
  host: "accueil accueillir accueille accueillent héberger | host hosts hosting hosted welcome",
  mentor: "mentor mentors mentorat parrain marraine | mentor mentors mentoring",
  coaching:
    "accompagnement accompagner accompagné accompagnés suivi encadrement encadrer encadre | support supported coaching guidance supervise supervision",
  selection:
    "sélection sélectionner sélectionné sélectionnés sélectionnées retenu retenus retenue retenues choisi choisis choisir lauréat lauréats | selection select selected chosen choose pick picked shortlisted winners",
  jury: "jury jurys | jury panel committee",
  criteria: "critère critères | criteria criterion",
  interview:
    "audition auditions auditionner auditionné auditionnés entretien entretiens oral | interview interviews audition",
  result:
    "résultat résultats réponse annonce annoncé annoncés notifié | result results answer outcome announced notified",
  student:
    "étudiant étudiante étudiants étudiantes élève élèves études scolarité | student students studying studies",
  graduate: "diplômé diplômée diplômés diplôme diplômes | graduate graduated degree diploma",
  civil_servant:
    "fonctionnaire fonctionnaires agent public agents publics titulaire | civil servant civil servants public servant official",
  company:
    "entreprise entreprises société sociétés personne morale | company companies business firm corporation | boîte boite",
  freelance:
    "indépendant indépendants freelance auto-entrepreneur micro-entrepreneur | freelance freelancer self-employed contractor",
  nationality:
    "nationalité nationalités étranger étrangers étrangère | nationality citizenship citizen foreign foreigner foreigners",
  age: "âge | age old",
  remote:
    "télétravail distance à distance domicile | remote remotely telework teleworking home office work from home",
  work: "travailler travail travaille travaillent | work works working job | bosser bosse bossent boulot taf",
  place: "lieu lieux locaux bureau bureaux ville villes | place location office offices city based located",
  region: "région régions territoire territoires province | region regions provinces",
  contact:
    "contact contacter joindre écrire courriel e-mail mail adresse électronique | contact reach email e-mail write",
  address: "adresse adresses | address",
  link: "lien liens url site page | link links url website site page",
  form: "formulaire formulaires | form forms",
  online: "en ligne internet plateforme | online platform",
  documents: "pièces pièce justificatif justificatifs documents document | documents document paperwork",
  cv: "cv curriculum vitae | resume cv",
  motivation: "motivation lettre de motivation | motivation cover letter",
  experience: "expérience expériences ancienneté | experience seniority",
  profile: "profil profils compétence compétences | profile profiles skill skills background",
  developer:
    "développeur développeurs développeuse développeuses développement | developer developers software engineer",
  designer: "designer designers design | designer designers design",
  data_scientist:
    "data scientist data scientists datascientist science des données | data scientist data scientists data science",
  full_time: "temps plein plein temps | full time full-time",
  part_time: "temps partiel mi-temps | part time part-time",
  combine:
    "cumul cumuler cumulable parallèle autre activité | combine alongside side job side project at the same time",
  time_share: "temps consacrer consacre consacrent | time spend spends spent devote",
  owner: "porteur porteurs porteuse responsable responsables chef pilote | owner owners lead leader manager",
  call: "appel appels | call calls",
  carry:
    "porter porte portent porté portée portés portées piloter pilote pilotent piloté | carry carries carried run runs ran",
  videoconference:
    "visio visioconférence vidéo vidéoconférence distanciel | video videoconference video call zoom",
  january: "janvier | january",
  february: "février | february",
  march: "mars | march",
  april: "avril | april",
  may_month: "mai | may",
  june: "juin | june",
  july: "juillet | july",
  august: "août | august",
  september: "septembre | september",
  october: "octobre | october",
  november: "novembre | november",
  december: "décembre | december",
  monday: "lundi | monday",
  tuesday: "mardi | tuesday",
  wednesday: "mercredi | wednesday",
  thursday: "jeudi | thursday",
  friday: "vendredi | friday",
  weekend: "week-end samedi dimanche | weekend saturday sunday",
  new: "nouveau nouveaux nouvelle nouvelles | new",
  old: "ancien anciens ancienne anciennes | former old previous",
  first: "premier première premiers premières | first",
  last: "dernier dernière derniers dernières | last latest",
  next: "prochain prochaine prochains prochaines suivant | next upcoming",
  big: "grand grande grands grandes important importants | big large major",
  small: "petit petite petits petites | small little",
  item: "objet objets élément éléments pièce pièces | item items object objects piece pieces",
  online_put: "mettre en ligne mis en ligne publier publié publiés | put online publish published released",
  collection: "collection collections | collection collections",
  website: "site internet site web | website web site",
  user: "usager usagers utilisateur utilisateurs | user users",
  citizen: "citoyen citoyens | citizen citizens",
  law: "loi lois juridique juridiques droit | law laws legal",
  lawyer: "juriste juristes | lawyer lawyers jurist jurists legal expert",
  engineer: "ingénieur ingénieurs | engineer engineers",
  build:
    "construire construit développer développé créer créé concevoir conçu | build built develop developed create created design designed",
  goal_achieve:
    "réaliser réalisé réalisés mener menés | carry out carried out achieve achieved deliver delivered",
  community: "communauté communautés réseau réseaux | community communities network networks",
  woman_share: "parité | parity gender balance",
  survey: "enquête enquêtes sondage questionnaire | survey surveys poll questionnaire",
  report: "rapport rapports bilan bilans | report reports review assessment",
  continue:
    "continuer continué poursuivre poursuivi rester resté | continue continued stay stayed remain remained",
  become: "devenir devenu devenue devenus | become became",
  leave_job: "quitter quitté démission démissionner | quit leave resign resignation",
  choose_time: "moment | moment time",
  summary: "récapitulatif récap résumé synthèse | summary recap digest",
  weekly: "hebdomadaire hebdo | weekly",
  event: "événement événements évènement évènements | event events",
  speech: "discours allocution mot de clôture | speech address closing remarks",
  minister: "ministre ministres secrétaire d'état | minister ministers secretary of state",
  director: "directeur directrice directeurs | director directors head",
  researcher: "chercheur chercheurs chercheuse | researcher researchers",
  offer: "offre offres annonce | offer offers vacancy vacancies posting",
  internship: "stage stages stagiaire stagiaires | internship internships intern interns",
  status: "statut | status",
  officer: "agent agents | officer officers agent agents",
  success: "succès réussite réussir | success successful succeed",
  factor: "facteur facteurs clé clés | factor factors key",
  difficulty:
    "difficulté difficultés problème problèmes obstacle obstacles | difficulty difficulties problem problems issue issues",
  impact: "impact impacts | impact",
  code: "code | code",
  repository: "dépôt dépôts | repository repositories repo",
  sustain: "pérenniser pérennisation pérenne | sustain sustainability sustained",
  launch: "lancer lancé lancée lancement | launch launched",
  winner: "lauréat lauréats lauréate | winner winners laureate",
  operational: "opérationnel opérationnels opérationnelle opérationnelles | operational",
  delete: "supprimer suppression effacer effacement retirer | delete deletion erase remove removal",
  post: "courrier postal postale poste lettre | mail post postal letter",
  privacy: "données personnelles rgpd cnil rectification | personal data gdpr privacy",
  maximum: "maximum max plafond au plus | maximum max at most up to",
  calendar: "calendrier calendriers échéancier échéances étapes | calendar timeline schedule milestones",
  session:
    "session sessions séminaire séminaires atelier ateliers réunion réunions | session sessions seminar seminars workshop workshops meeting meetings",
  bootcamp: "bootcamp bootcamps embarquement | bootcamp onboarding",
  frequency: "fréquence fréquemment | how often frequency",
  leave: "congé congés vacances | leave holiday holidays vacation",
  english: "anglais | english",
  language: "langue langues | language languages",
  hr: "rh ressources humaines | hr human resources",
  agreement: "convention conventions accord partenariat | agreement agreements partnership",
  open_source:
    "open source logiciel libre logiciels libres code source | open source free software source code",
  data: "données donnée jeux de données | data dataset datasets",
  goal: "objectif objectifs but buts finalité vise | goal goals aim purpose objective objectives",
  reason: "raison raisons pourquoi | reason reasons why",
  programme: "programme dispositif | programme program scheme",
  promotion: "promotion promotions promo promos cohorte cohortes | cohort cohorts class intake",
  count: "nombre | number amount",
  percentage: "pourcentage part proportion % | percentage share proportion percent",
  cost: "coût coûts frais | cost costs fees expenses",
  paris: "paris parisien parisienne île-de-france | paris",
  woman: "femme femmes | woman women female",
  person: "personne personnes gens | person people",
  entrepreneur: "entrepreneur entrepreneurs entrepreneuse eig | entrepreneur entrepreneurs fellow fellows",
  recruit:
    "recruter recrutement recruté recrutés recrutées embaucher embauche | recruit recruited recruitment hire hired hiring",
  requirement:
    "condition conditions éligible éligibles éligibilité prérequis | requirement requirements eligible eligibility conditions prerequisite",
  allowed: "autorisé autorisée autorisés permis droit | allowed permitted authorised authorized",
  forbidden: "interdit interdite interdits | forbidden prohibited banned",
  possible: "possible possibles | possible",
  help: "aide aider | help",
  tool: "outil outils logiciel application | tool tools software app",
  digital: "numérique numériques | digital",
  health: "santé médical médicale soins hôpital hôpitaux | health healthcare medical hospital hospitals",
  justice: "justice judiciaire tribunal tribunaux | justice judicial court courts",
  police: "police gendarmerie | police",
  interior: "intérieur | interior",
  agriculture: "agriculture agricole agriculteurs | agriculture farming agricultural farmers",
  organic: "bio biologique | organic",
  environment:
    "environnement environnemental écologie écologique biodiversité | environment environmental ecology biodiversity",
  climate: "climat climatique | climate",
  energy: "énergie | energy",
  water: "eau | water",
  sea: "mer maritime maritimes marins navires bateaux | sea maritime marine ships boats sailing",
  fishing: "pêche | fishing fisheries",
  culture: "culture culturel culturelle patrimoine musée musées | culture cultural heritage museum museums",
  education: "éducation école écoles scolaire enseignement | education school schools teaching",
  research: "recherche chercheur chercheurs | research researcher researchers",
  employment: "emploi chômage | employment unemployment jobs",
  housing: "logement logements | housing",
  transport: "transport transports routes routière | transport transportation roads",
  security: "sécurité | security safety",
  fire: "incendie incendies feu pompiers | fire fires firefighters",
  rescue: "secours sauvetage urgence | rescue emergency",
  defence: "défense armée armées militaire | defence defense army military",
  tax: "impôt impôts fiscal fiscale fiscalité | tax taxes taxation",
  customs: "douane douanes | customs",
  economy: "économie économique finances | economy economic finance",
  fraud: "fraude fraudes | fraud",
  social: "social sociale sociaux solidarité | social welfare solidarity",
  map: "carte cartes cartographie | map maps mapping",
  statistics: "statistique statistiques | statistics",
  refugee: "réfugié réfugiés migrants | refugee refugees migrants",
};

/** A group: its id and its members, each member the analyzed terms of one word or phrase. */
export interface Group {
  id: string;
  members: string[][];
}

function build(): { groups: Group[]; bySingle: Map<string, Group[]>; phrases: Group[] } {
  const groups: Group[] = [];
  const bySingle = new Map<string, Group[]>();
  for (const [id, text] of Object.entries(GROUPS)) {
    const members: string[][] = [];
    const seen = new Set<string>();
    // Words are separated by spaces; a member is one word, or a phrase the analyzer keeps whole
    // only when written with its spaces: phrases are listed as "date limite", "à distance".
    // A phrase whose small words the analyzer drops ("en ligne" → "lign") stays a phrase: its
    // one remaining word alone ("lignes de code") is not the group.
    const singles: string[] = [];
    for (const part of text.split("|")) {
      for (const phrase of splitMembers(part)) {
        const terms = analyze(phrase);
        const key = terms.join(" ");
        if (terms.length === 0 || seen.has(key)) continue;
        seen.add(key);
        members.push(terms);
        if (terms.length === 1 && !/\s/.test(phrase.trim())) singles.push(terms[0] as string);
      }
    }
    const group = { id, members };
    groups.push(group);
    for (const term of singles) {
      const list = bySingle.get(term) ?? [];
      list.push(group);
      bySingle.set(term, list);
    }
  }
  return { groups, bySingle, phrases: groups.filter((g) => g.members.some((m) => m.length > 1)) };
}

/**
 * Members of one language part: known phrases first (two or three words that belong together),
 * then single words. A phrase is any run of words joined by single spaces that is listed as such
 * in PHRASES; everything else is a word.
 */
function splitMembers(part: string): string[] {
  let rest = ` ${part.trim()} `;
  const out: string[] = [];
  for (const phrase of PHRASES) {
    if (rest.includes(` ${phrase} `)) {
      out.push(phrase);
      rest = rest.replace(` ${phrase} `, " ");
    }
  }
  // Words first: a phrase that analyzes to one of them ("à distance" → "distanc") is then a repeat.
  return [...rest.split(/\s+/).filter(Boolean), ...out];
}

/** Multi-word members of GROUPS, longest first (they are matched before their words). */
const PHRASES = [
  "date limite",
  "closing date",
  "due date",
  "dernier délai",
  "au plus tard",
  "sign up",
  "prise de fonction",
  "kick off",
  "take home",
  "fixed-term",
  "structure d'accueil",
  "administration d'accueil",
  "host administration",
  "agent public",
  "agents publics",
  "civil servant",
  "civil servants",
  "public servant",
  "personne morale",
  "à distance",
  "home office",
  "work from home",
  "adresse électronique",
  "en ligne",
  "curriculum vitae",
  "lettre de motivation",
  "cover letter",
  "software engineer",
  "data scientist",
  "data scientists",
  "science des données",
  "data science",
  "temps plein",
  "plein temps",
  "full time",
  "temps partiel",
  "part time",
  "autre activité",
  "side job",
  "side project",
  "at the same time",
  "how often",
  "ressources humaines",
  "human resources",
  "open source",
  "logiciel libre",
  "logiciels libres",
  "code source",
  "free software",
  "source code",
  "jeux de données",
  "mot de clôture",
  "closing remarks",
  "secrétaire d'état",
  "secretary of state",
  "mettre en ligne",
  "mis en ligne",
  "put online",
  "site internet",
  "site web",
  "web site",
  "video call",
  "gender balance",
  "carry out",
  "carried out",
  "legal expert",
  "prise en charge",
  "prend en charge",
  "pris en charge",
  "prendre en charge",
  "at most",
  "up to",
  "données personnelles",
  "personal data",
].sort((a, b) => b.length - a.length);

const LEXICON = build();

const SINGLES = [...LEXICON.bySingle.keys()];
const variantCache = new Map<string, readonly Group[]>();

/**
 * Groups a single analyzed term belongs to: as listed, or else as another form of a listed word
 * (the stemmer leaves some forms apart: "retenez" → "reten" and "retenus" → "retenus").
 */
export function groupsOf(term: string): readonly Group[] {
  const exact = LEXICON.bySingle.get(term);
  if (exact) return exact;
  let found = variantCache.get(term);
  if (!found) {
    found =
      term.length >= 5
        ? [
            ...new Set(
              SINGLES.filter(
                (m) =>
                  m.length >= 5 &&
                  (m.startsWith(term) || term.startsWith(m)) &&
                  Math.abs(m.length - term.length) <= 3,
              ).flatMap((m) => LEXICON.bySingle.get(m) ?? []),
            ),
          ]
        : [];
    if (variantCache.size > 5_000) variantCache.clear();
    variantCache.set(term, found);
  }
  return found;
}

/** Phrase members found in a run of analyzed terms: where they start, how long, which group. */
export function phrasesIn(terms: readonly string[]): { start: number; length: number; group: Group }[] {
  const out: { start: number; length: number; group: Group }[] = [];
  for (const group of LEXICON.phrases) {
    for (const member of group.members) {
      if (member.length < 2) continue;
      for (let i = 0; i + member.length <= terms.length; i++) {
        if (member.every((t, k) => terms[i + k] === t)) out.push({ start: i, length: member.length, group });
      }
    }
  }
  return out.sort((a, b) => b.length - a.length || a.start - b.start);
}

/** A group by id (for the few places that ask whether a word is, say, a word of money). */
export function group(id: keyof typeof GROUPS | string): Group | undefined {
  return LEXICON.groups.find((g) => g.id === id);
}

/** True when `term` is a single-word member of the group `id`. */
export function inGroup(term: string, id: string): boolean {
  return groupsOf(term).some((g) => g.id === id);
}
