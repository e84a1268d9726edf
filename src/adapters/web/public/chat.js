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
    hint: "Entrée pour envoyer, Maj+Entrée pour aller à la ligne.",
    count: (/** @type {number} */ n, /** @type {number} */ max) =>
      `${n.toLocaleString("fr-FR")} / ${max.toLocaleString("fr-FR")} caractères`,
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
  },
  en: {
    title: "Entrepreneurs d'intérêt général",
    subtitle: "Ask about the programme: I answer from its own documents and always cite my sources.",
    pageTitle: "Questions about the EIG programme",
    label: "Your question",
    placeholder: "E.g. what is the deadline?",
    hint: "Enter to send, Shift+Enter for a new line.",
    count: (/** @type {number} */ n, /** @type {number} */ max) =>
      `${n.toLocaleString("en-GB")} / ${max.toLocaleString("en-GB")} characters`,
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
  },
};

/** @type {"fr" | "en"} */
let language = "fr";
/** @type {Record<string, {intro: string, examples: string[], footer: string}> | undefined} */
let helpTexts;
let pending = false;
/** The server's limit on a question's length (GET /api/help), shown under the box. */
let maxLength = 0;

/** A random id for this tab's conversation, so follow-ups ("et pour la promo 2 ?") work.
 * crypto.getRandomValues, unlike randomUUID, also works on a plain-HTTP LAN address. */
const conversation = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
  b.toString(16).padStart(2, "0"),
).join("");

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($("ask"));
const input = /** @type {HTMLTextAreaElement} */ ($("question"));
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
  // "Vous :" / "You:" before every question asked so far: page words, in the page's language.
  for (const who of document.querySelectorAll(".who")) who.textContent = `${s.you} `;
  for (const waiting of document.querySelectorAll(".waiting")) waiting.textContent = s.searching;
  renderCount();
  renderHelp();
}

/** "12 / 20 000 caractères": how much of the server's limit the question uses. */
function renderCount() {
  const counter = $("question-count");
  counter.hidden = maxLength === 0;
  if (maxLength > 0) counter.textContent = t().count(input.value.length, maxLength);
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

/**
 * Where a source points: its public page, or else the bot's own page of the document at the
 * section quoted (`docs/<document id>#<anchor>`, served by this same server; the rule of
 * src/render/links.ts). Relative, so the chat also works under a reverse proxy's path.
 * @param {{url?: string, docId?: string, anchor?: string}} source
 */
function sourceHref(source) {
  if (source.url) return source.url;
  if (!source.docId) return undefined;
  const path = source.docId.split("/").map(encodeURIComponent).join("/");
  return `docs/${path}${source.anchor ? `#${encodeURIComponent(source.anchor)}` : ""}`;
}

function sourceLabel(/** @type {{title: string, section?: string}} */ source) {
  return source.section ? `${source.title} — ${source.section}` : source.title;
}

/**
 * @param {{url?: string, docId?: string, anchor?: string, title: string, section?: string, date?: string}} source
 */
function renderSource(source) {
  const item = el("li");
  const href = sourceHref(source);
  if (href) {
    const link = el("a", { href, target: "_blank", rel: "noopener" }, sourceLabel(source));
    link.append(el("span", { class: "visually-hidden" }, ` ${t().newTab}`));
    item.append(link);
  } else {
    item.append(el("span", {}, sourceLabel(source)));
  }
  if (source.date) item.append(" ", el("span", { class: "meta" }, `(${source.date})`));
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
    const href = source && sourceHref(source);
    const block = el("blockquote", href ? { cite: new URL(href, document.baseURI).href } : {});
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
  // A visible word on each button: an emoji alone is a blank box where emoji fonts are missing.
  const voteButton = (/** @type {string} */ emoji, /** @type {string} */ label) => {
    const button = el("button", { type: "button", class: "vote" });
    button.append(el("span", { class: "vote-emoji", "aria-hidden": "true" }, emoji), " ", label);
    return button;
  };
  const up = voteButton("👍", s.up);
  const down = voteButton("👎", s.down);
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

/**
 * Scrolls so that the top of `item` sits just under the sticky question box, unless it is already
 * there or below it in view. Only scrolls: the focus stays where it is (in the question box).
 */
function bringIntoView(/** @type {HTMLElement} */ item) {
  const under = form.getBoundingClientRect().bottom + 8;
  const top = item.getBoundingClientRect().top;
  if (top >= under - 1 && top < window.innerHeight - 48) return;
  window.scrollBy({ top: top - under, behavior: "instant" });
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
  // Newest first, right under the question box: after scrolling down through older answers,
  // bring the new one into view. Scrolling moves no focus: the asker can go on typing.
  bringIntoView(exchange);
  // The question is in the conversation now: the box is free for the next one while this one is
  // answered. If it cannot be answered (rate limit, error), it comes back, unless something new
  // was typed meanwhile, which is never thrown away.
  input.value = "";
  renderCount();
  const giveBack = () => {
    if (input.value === "") input.value = text;
    renderCount();
  };

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
      // Rate limited: the question is back in the box, to be sent again after the wait.
      if (!response.ok) giveBack();
      bringIntoView(exchange);
    } else {
      // A 4xx says what to change (in English, from the API); a 5xx only needs an apology.
      const message =
        response.status >= 500 ? t().serverError : `${t().failed} ${body.message ?? response.statusText}`;
      waiting.replaceWith(el("p", { class: "error", role: "alert" }, message));
      giveBack();
    }
  } catch {
    waiting.replaceWith(el("p", { class: "error", role: "alert" }, t().offline));
    giveBack();
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
  renderCount();
});

// A multi-line box that still sends with Enter; Shift+Enter (or an input method composing a
// word) writes a new line instead.
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

async function loadHelp() {
  try {
    const response = await fetch("/api/help");
    if (!response.ok) return;
    const body = await response.json();
    helpTexts = { fr: body.fr, en: body.en };
    if (typeof body.maxQuestionLength === "number") {
      maxLength = body.maxQuestionLength;
      input.maxLength = maxLength;
    }
    renderCount();
    renderHelp();
  } catch {
    // The chat works without its examples.
  }
}

void loadHelp();
