// The web chat's behaviour, in plain JavaScript (no framework, no build step). Every piece of
// text that comes from the server is put in the page with textContent or attributes, never
// parsed as HTML: answers quote documents, and documents are not trusted markup.

/** Interface strings; the page follows the language of the last answer (French by default). */
const UI = {
  fr: {
    title: "Entrepreneurs d'intérêt général",
    subtitle:
      "Posez votre question sur le programme : je réponds à partir de ses documents, en citant mes sources.",
    pageTitle: "Questions sur le programme EIG",
    label: "Votre question",
    placeholder: "Ex. : quelle est la date limite ?",
    hint: "Entrée pour envoyer.",
    send: "Envoyer",
    you: "Vous :",
    answer: "Réponse",
    answers: "Réponses",
    sources: "Sources",
    notes: "À noter",
    examples: "Exemples de questions",
    helpful: "Cette réponse vous a-t-elle aidé ?",
    up: "Oui, utile",
    down: "Non, pas utile",
    thanks: "Merci pour votre retour !",
    searching: "Je cherche dans mes documents…",
    empty: "Écrivez d'abord une question.",
    failed: "Je n'ai pas pu répondre :",
    offline: "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.",
    serverError: "Désolé, une erreur s'est produite de notre côté. Réessayez dans un instant.",
    newTab: "(nouvel onglet)",
    line: "ligne",
    file: "fichier",
  },
  en: {
    title: "Entrepreneurs d'intérêt général",
    subtitle: "Ask about the programme: I answer from its own documents and always cite my sources.",
    pageTitle: "Questions about the EIG programme",
    label: "Your question",
    placeholder: "E.g. what is the deadline?",
    hint: "Press Enter to send.",
    send: "Send",
    you: "You:",
    answer: "Answer",
    answers: "Answers",
    sources: "Sources",
    notes: "Notes",
    examples: "Example questions",
    helpful: "Did this answer help?",
    up: "Yes, helpful",
    down: "No, not helpful",
    thanks: "Thank you for your feedback!",
    searching: "Searching my documents…",
    empty: "Type a question first.",
    failed: "I could not answer:",
    offline: "The server does not answer. Check your connection and try again.",
    serverError: "Sorry, something went wrong on our side. Please try again in a moment.",
    newTab: "(new tab)",
    line: "line",
    file: "file",
  },
};

/** @type {"fr" | "en"} */
let language = "fr";
/** @type {Record<string, {intro: string, examples: string[], footer: string}> | undefined} */
let helpTexts;
let pending = false;

/** A random id for this tab's conversation, so follow-ups ("et pour la promo 2 ?") work.
 * crypto.getRandomValues, unlike randomUUID, also works on a plain-HTTP LAN address. */
const conversation = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
  b.toString(16).padStart(2, "0"),
).join("");

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($("ask"));
const input = /** @type {HTMLInputElement} */ ($("question"));
const sendButton = /** @type {HTMLButtonElement} */ ($("send"));
const errorLine = $("question-error");
const log = $("log");

/**
 * Creates an element with text and attributes; the only way this script builds the page.
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {string} [text]
 */
function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function t() {
  return UI[language];
}

/** Puts the page's own words in the given language (the answers keep their own `lang`). */
function setLanguage(/** @type {"fr" | "en"} */ next) {
  language = next;
  const s = t();
  document.documentElement.lang = next;
  document.title = s.pageTitle;
  $("title").textContent = s.title;
  $("subtitle").textContent = s.subtitle;
  $("question-label").textContent = s.label;
  input.placeholder = s.placeholder;
  $("question-hint").textContent = s.hint;
  sendButton.textContent = s.send;
  $("conversation-title").textContent = s.answers;
  $("examples-title").textContent = s.examples;
  renderHelp();
}

function renderHelp() {
  const texts = helpTexts?.[language];
  if (!texts) return;
  $("intro").textContent = texts.intro;
  $("help-footer").textContent = texts.footer;
  const list = $("examples");
  list.replaceChildren(
    ...texts.examples.map((example) => {
      const item = el("li");
      const button = el("button", { type: "button", class: "example" }, example);
      button.addEventListener("click", () => {
        input.value = example;
        void ask(example);
        input.focus();
      });
      item.append(button);
      return item;
    }),
  );
}

function showInputError(/** @type {string} */ message) {
  errorLine.textContent = message;
  errorLine.hidden = message === "";
  input.setAttribute("aria-invalid", message === "" ? "false" : "true");
}

/** Where a source points: its public page, or the knowledge file served by /source. */
function sourceHref(/** @type {{url?: string, file: string}} */ source) {
  return source.url ?? `/source?file=${encodeURIComponent(source.file)}`;
}

function sourceLabel(/** @type {{title: string, section?: string}} */ source) {
  return source.section ? `${source.title} — ${source.section}` : source.title;
}

/**
 * @param {{url?: string, file: string, title: string, section?: string, date?: string, line?: number}} source
 */
function renderSource(source) {
  const s = t();
  const item = el("li");
  if (source.url) {
    const link = el("a", { href: source.url, target: "_blank", rel: "noopener" }, sourceLabel(source));
    link.append(el("span", { class: "visually-hidden" }, ` ${s.newTab}`));
    item.append(link);
  } else {
    // No public page: the link is the file itself, and its path is what the reader sees.
    item.append(el("span", {}, `${sourceLabel(source)} · `));
    const link = el("a", { href: sourceHref(source), target: "_blank", rel: "noopener" });
    link.append(el("code", {}, source.file), el("span", { class: "visually-hidden" }, ` ${s.newTab}`));
    item.append(link);
  }
  const meta = [source.date, source.line && !source.url ? `${s.line} ${source.line}` : undefined]
    .filter(Boolean)
    .join(", ");
  if (meta) item.append(" ", el("span", { class: "meta" }, `(${meta})`));
  return item;
}

/**
 * @param {any} answer the Answer JSON from /api/ask
 * @param {boolean} withFeedback
 */
function renderAnswer(answer, withFeedback) {
  const s = t();
  const article = el("article", { class: "answer", lang: answer.language, "aria-label": s.answer });
  article.append(el("p", { class: "answer-text" }, answer.text));

  for (const quote of answer.quotes ?? []) {
    const source = answer.sources?.[quote.source];
    const block = el("blockquote", source?.url ? { cite: source.url } : {});
    block.append(el("p", {}, quote.text));
    if (source) {
      const caption = el("footer");
      caption.append("— ", el("cite", {}, sourceLabel(source)));
      block.append(caption);
    }
    article.append(block);
  }

  if (answer.sources?.length) {
    const heading = el("h3", {}, s.sources);
    const list = el("ol", { class: "sources" });
    list.append(...answer.sources.map(renderSource));
    article.append(heading, list);
  }

  if (answer.notes?.length) {
    article.append(el("h3", {}, s.notes));
    const notes = el("ul", { class: "notes" });
    notes.append(...answer.notes.map((/** @type {string} */ note) => el("li", {}, note)));
    article.append(notes);
  }

  if (withFeedback) article.append(renderFeedback(answer.id));
  return article;
}

function renderFeedback(/** @type {string} */ answerId) {
  const s = t();
  const labelId = `feedback-${answerId}`;
  const box = el("div", { class: "feedback", role: "group", "aria-labelledby": labelId });
  const question = el("span", { class: "feedback-question", id: labelId }, s.helpful);
  const up = el("button", { type: "button", class: "vote", "aria-label": s.up, title: s.up }, "👍");
  const down = el("button", { type: "button", class: "vote", "aria-label": s.down, title: s.down }, "👎");
  const status = el("span", { class: "feedback-status", role: "status" });
  const vote = async (/** @type {"up" | "down"} */ value, /** @type {HTMLElement} */ chosen) => {
    up.setAttribute("disabled", "");
    down.setAttribute("disabled", "");
    chosen.setAttribute("aria-pressed", "true");
    // Back to the question: the natural next step, and the pressed button is now disabled.
    input.focus();
    try {
      const response = await fetch("/api/feedback", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answerId, vote: value }),
      });
      status.textContent = response.ok
        ? s.thanks
        : `${(await response.json()).message ?? response.statusText}`;
    } catch {
      status.textContent = s.offline;
    }
  };
  up.addEventListener("click", () => void vote("up", up));
  down.addEventListener("click", () => void vote("down", down));
  box.append(question, up, down, status);
  return box;
}

async function ask(/** @type {string} */ text) {
  const question = text.trim();
  if (question === "") {
    showInputError(t().empty);
    input.focus();
    return;
  }
  if (pending) return;
  pending = true;
  showInputError("");
  form.setAttribute("aria-busy", "true");
  sendButton.setAttribute("aria-disabled", "true");

  const exchange = el("li", { class: "exchange" });
  const asked = el("p", { class: "asked" });
  asked.append(el("span", { class: "who" }, `${t().you} `), question);
  const waiting = el("p", { class: "waiting" }, t().searching);
  exchange.append(asked, waiting);
  log.prepend(exchange);

  try {
    const response = await fetch("/api/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question, conversation }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok || response.status === 429) {
      if (body.language === "en" || body.language === "fr") setLanguage(body.language);
      waiting.replaceWith(renderAnswer(body, response.ok));
      input.value = "";
    } else {
      // A 4xx says what to change (in English, from the API); a 5xx only needs an apology.
      const message =
        response.status >= 500 ? t().serverError : `${t().failed} ${body.message ?? response.statusText}`;
      waiting.replaceWith(el("p", { class: "error", role: "alert" }, message));
    }
  } catch {
    waiting.replaceWith(el("p", { class: "error", role: "alert" }, t().offline));
  } finally {
    pending = false;
    form.removeAttribute("aria-busy");
    sendButton.removeAttribute("aria-disabled");
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void ask(input.value);
  // Focus stays in the question whether it was sent with Enter or with the button.
  input.focus();
});

input.addEventListener("input", () => {
  if (!errorLine.hidden) showInputError("");
});

async function loadHelp() {
  try {
    const response = await fetch("/api/help");
    if (!response.ok) return;
    const body = await response.json();
    helpTexts = { fr: body.fr, en: body.en };
    if (typeof body.maxQuestionLength === "number") input.maxLength = body.maxQuestionLength;
    renderHelp();
  } catch {
    // The chat works without its examples.
  }
}

void loadHelp();
