/*
 * Accessible web chat widget for the WBE candidate assistant (Rasa "webchat" channel).
 *
 * Embed it on any page with one tag (the origin of that page must be listed in the
 * bot's WEBCHAT_ALLOWED_ORIGINS):
 *   <script src="https://BOT/webhooks/webchat/widget.js" defer></script>
 * It adds a launcher button and a floating panel. The bot's own page
 * (/webhooks/webchat/) uses data-mode="inline" and data-target="<element id>".
 *
 * Safety: every message is rendered with textContent / text nodes, never innerHTML.
 * Only http(s) URLs written in the bot's messages become links, built with DOM APIs.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }

  var MAX_LENGTH = 2000;
  var NEAR_LIMIT = 1800;
  var REQUEST_TIMEOUT_MS = 30000;
  var MAX_STORED_MESSAGES = 200;
  var BASE_URL = new URL(".", script.src).href;
  var ENDPOINT = script.getAttribute("data-endpoint") || BASE_URL + "webhook";
  var MODE = script.getAttribute("data-mode") === "inline" ? "inline" : "floating";
  var TARGET_ID = script.getAttribute("data-target");
  var STORAGE_PREFIX = "wbe-webchat:" + ENDPOINT + ":";

  var TEXT = {
    title: "Assistant candidats",
    subtitle: "Assistant automatisé, pas une personne",
    launcher: "Poser une question à l'assistant",
    close: "Fermer",
    closeLabel: "Fermer la discussion",
    log: "Conversation avec l'assistant",
    you: "Vous : ",
    bot: "Assistant : ",
    errorPrefix: "Erreur : ",
    inputLabel: "Votre message",
    hint: "Entrée pour envoyer, Maj + Entrée pour aller à la ligne.",
    send: "Envoyer",
    retry: "Réessayer",
    quickReplies: "Réponses proposées",
    typing: "L'assistant rédige une réponse…",
    newWindow: " (nouvelle fenêtre)",
    counter: function (n) {
      return n + " / " + MAX_LENGTH + " caractères";
    },
    nearLimit: function (n) {
      return "Il vous reste " + (MAX_LENGTH - n) + " caractères.";
    },
    atLimit: "Vous avez atteint la limite de " + MAX_LENGTH + " caractères.",
    empty: "Écrivez votre message avant de l'envoyer.",
    tooLong: "Votre message dépasse " + MAX_LENGTH + " caractères : raccourcissez-le avant de l'envoyer.",
    unreachableTitle: "Message non envoyé.",
    unreachable:
      "Le service de l'assistant est injoignable pour le moment. " +
      "Vérifiez votre connexion à Internet, puis choisissez « Réessayer » pour renvoyer votre message.",
    refused:
      "Votre message n'a pas pu être traité. Reformulez-le (" + MAX_LENGTH +
      " caractères au plus), puis envoyez-le à nouveau.",
    noAnswer: "Je n'ai pas de réponse à vous proposer. Pouvez-vous reformuler votre question ?",
    welcome:
      "Bonjour, je suis un assistant automatisé : vous échangez avec un programme informatique, " +
      "pas avec une personne. Je réponds à vos questions sur cette offre d'emploi : " +
      "missions, diplôme et expérience demandés, salaire, " +
      "horaire, date limite et manière de postuler. Je peux aussi vérifier avec vous si vous semblez " +
      "remplir les conditions. Mes réponses citent la circulaire et restent indicatives ; " +
      "n'indiquez pas de données personnelles sensibles.",
    suggestions: ["Quel est le salaire ?", "Quelle est la date limite ?", "Est-ce que je peux postuler ?"]
  };

  var uid = 0;
  function nextId(name) {
    uid += 1;
    return "wbe-chat-" + name + "-" + uid;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // --- storage (per browser tab: sessionStorage) --------------------------------

  var memoryStore = {};
  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(STORAGE_PREFIX + key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }
  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(STORAGE_PREFIX + key, value);
    } catch (e) {
      memoryStore[key] = value;
    }
  }

  function senderId() {
    var id = storageGet("sender");
    if (!id || !/^webchat-[0-9a-f]{32}$/.test(id)) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      id = "webchat-" + Array.prototype.map.call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
      storageSet("sender", id);
    }
    return id;
  }

  function loadTranscript() {
    try {
      var data = JSON.parse(storageGet("transcript") || "[]");
      return Array.isArray(data) ? data : [];
    } catch (e) {
      return [];
    }
  }

  // --- links: only http(s) URLs present in the bot's text -------------------------

  var URL_PATTERN = /https?:\/\/[^\s<>"'«»]+/g;
  var TRAILING = /[.,;:!?'"»)\]]+$/;

  function trimUrl(candidate) {
    var url = candidate;
    var match = url.match(TRAILING);
    while (match) {
      var tail = match[0];
      // Keep a closing parenthesis that belongs to the URL, e.g. ...wiki/Foo_(bar).
      if (tail.charAt(0) === ")" && (url.split("(").length > url.split(")").length - 1)) {
        break;
      }
      url = url.slice(0, url.length - 1);
      match = url.match(TRAILING);
    }
    return url;
  }

  function safeHttpUrl(text) {
    try {
      var parsed = new URL(text);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function appendTextWithLinks(parent, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var raw = trimUrl(match[0]);
      var href = safeHttpUrl(raw);
      if (!href) {
        continue;
      }
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      var link = document.createElement("a");
      link.setAttribute("href", href);
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
      link.className = "wbe-chat__link";
      link.appendChild(document.createTextNode(raw));
      link.appendChild(el("span", "wbe-visually-hidden", TEXT.newWindow));
      parent.appendChild(link);
      last = match.index + raw.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // --- the widget -----------------------------------------------------------------

  function Chat(host) {
    this.host = host;
    this.sender = senderId();
    this.queue = Promise.resolve();
    this.pending = 0;
    this.transcript = loadTranscript();
    this.limitAnnounced = "";
    this.build();
    this.restore();
  }

  Chat.prototype.build = function () {
    var self = this;
    var titleId = nextId("title");
    var inputId = nextId("input");
    var hintId = nextId("hint");
    var counterId = nextId("counter");
    var panelId = nextId("panel");

    var root = el("div", "wbe-chat wbe-chat--" + MODE);
    root.setAttribute("lang", "fr");
    var panel = el(MODE === "floating" ? "div" : "section", "wbe-chat__panel");
    panel.id = panelId;
    panel.setAttribute("aria-labelledby", titleId);
    if (MODE === "floating") {
      // A non-modal dialog: the rest of the page stays usable, focus is not trapped.
      panel.setAttribute("role", "dialog");
      panel.hidden = true;
    }

    var header = el("div", "wbe-chat__header");
    var headings = el("div", "wbe-chat__headings");
    var title = el("h2", "wbe-chat__title", TEXT.title);
    title.id = titleId;
    headings.appendChild(title);
    headings.appendChild(el("p", "wbe-chat__subtitle", TEXT.subtitle));
    header.appendChild(headings);
    if (MODE === "floating") {
      var close = el("button", "wbe-chat__close");
      close.type = "button";
      close.setAttribute("aria-label", TEXT.closeLabel);
      var cross = el("span", "wbe-chat__close-icon", "\u00d7");
      cross.setAttribute("aria-hidden", "true");
      close.appendChild(cross);
      close.appendChild(el("span", "wbe-chat__close-text", TEXT.close));
      close.addEventListener("click", function () {
        self.close();
      });
      header.appendChild(close);
    }
    panel.appendChild(header);

    var log = el("div", "wbe-chat__log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", TEXT.log);
    log.tabIndex = 0; // lets keyboard users scroll the transcript
    panel.appendChild(log);

    var status = el("p", "wbe-chat__status");
    status.setAttribute("role", "status");
    panel.appendChild(status);

    var form = el("form", "wbe-chat__form");
    form.noValidate = true;
    var label = el("label", "wbe-chat__label", TEXT.inputLabel);
    label.htmlFor = inputId;
    var input = el("textarea", "wbe-chat__input");
    input.id = inputId;
    input.name = "message";
    input.rows = 2;
    input.maxLength = MAX_LENGTH;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-describedby", hintId + " " + counterId);
    var row = el("div", "wbe-chat__row");
    var send = el("button", "wbe-chat__send", TEXT.send);
    send.type = "submit";
    row.appendChild(input);
    row.appendChild(send);
    var meta = el("div", "wbe-chat__meta");
    var hint = el("p", "wbe-chat__hint", TEXT.hint);
    hint.id = hintId;
    var counter = el("p", "wbe-chat__counter", TEXT.counter(0));
    counter.id = counterId;
    meta.appendChild(hint);
    meta.appendChild(counter);
    var notice = el("p", "wbe-chat__notice");
    notice.setAttribute("aria-live", "polite");
    form.appendChild(label);
    form.appendChild(row);
    form.appendChild(meta);
    form.appendChild(notice);
    panel.appendChild(form);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey &&
          !event.metaKey && !event.isComposing) {
        event.preventDefault();
        self.submit();
      }
    });
    input.addEventListener("input", function () {
      self.updateCounter();
    });

    root.appendChild(panel);
    if (MODE === "floating") {
      var launcher = el("button", "wbe-chat__launcher");
      launcher.type = "button";
      launcher.setAttribute("aria-expanded", "false");
      launcher.setAttribute("aria-controls", panelId);
      var bubble = el("span", "wbe-chat__launcher-icon", "?");
      bubble.setAttribute("aria-hidden", "true");
      launcher.appendChild(bubble);
      launcher.appendChild(el("span", "", TEXT.launcher));
      launcher.addEventListener("click", function () {
        self.open();
      });
      root.appendChild(launcher);
      root.addEventListener("keydown", function (event) {
        if ((event.key === "Escape" || event.key === "Esc") && !panel.hidden) {
          event.preventDefault();
          self.close();
        }
      });
      this.launcher = launcher;
    }

    this.root = root;
    this.panel = panel;
    this.log = log;
    this.status = status;
    this.input = input;
    this.counter = counter;
    this.notice = notice;
    this.host.appendChild(root);
  };

  Chat.prototype.open = function () {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.hidden = true;
    this.scrollToEnd();
    this.input.focus();
  };

  Chat.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  };

  Chat.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  Chat.prototype.updateCounter = function () {
    var n = this.input.value.length;
    this.counter.textContent = TEXT.counter(n);
    this.counter.classList.toggle("wbe-chat__counter--limit", n >= NEAR_LIMIT);
    // Screen readers hear the remaining length only when it matters.
    var announce = n >= MAX_LENGTH ? TEXT.atLimit : (n >= NEAR_LIMIT ? "near" : "");
    if (announce !== this.limitAnnounced) {
      this.limitAnnounced = announce;
      this.notice.textContent = announce === "near" ? TEXT.nearLimit(n) : announce;
    }
  };

  Chat.prototype.restore = function () {
    this.render({ from: "bot", text: TEXT.welcome, buttons: this.transcript.length ? [] :
      TEXT.suggestions.map(function (s) { return { title: s, payload: s }; }) });
    var last = this.transcript.length - 1;
    for (var i = 0; i <= last; i += 1) {
      var item = this.transcript[i];
      if (!item || (item.from !== "user" && item.from !== "bot") || typeof item.text !== "string") {
        continue;
      }
      this.render({ from: item.from, text: item.text, buttons: i === last ? item.buttons : [] });
    }
    this.scrollToEnd();
  };

  Chat.prototype.remember = function (message) {
    this.transcript.push(message);
    if (this.transcript.length > MAX_STORED_MESSAGES) {
      this.transcript = this.transcript.slice(-MAX_STORED_MESSAGES);
    }
    storageSet("transcript", JSON.stringify(this.transcript));
  };

  // Renders one message; returns its element. Text only, never HTML.
  Chat.prototype.render = function (message) {
    var self = this;
    var item = el("div", "wbe-chat__msg wbe-chat__msg--" + message.from);
    var body = el("p", "wbe-chat__text");
    var who = message.from === "user" ? TEXT.you : (message.from === "error" ? TEXT.errorPrefix : TEXT.bot);
    body.appendChild(el("span", "wbe-visually-hidden", who));
    if (message.from === "bot") {
      appendTextWithLinks(body, message.text);
    } else if (message.from === "error") {
      body.appendChild(el("strong", "wbe-chat__error-title", message.title));
      body.appendChild(document.createTextNode(" " + message.text));
    } else {
      body.appendChild(document.createTextNode(message.text));
    }
    item.appendChild(body);

    var buttons = Array.isArray(message.buttons) ? message.buttons.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string" && b.title && b.payload;
    }) : [];
    if (buttons.length) {
      var group = el("div", "wbe-chat__quick");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.quickReplies);
      buttons.forEach(function (b) {
        var button = el("button", "wbe-chat__quick-btn", b.title);
        button.type = "button";
        button.addEventListener("click", function () {
          self.send(b.payload, b.title);
          self.input.focus();
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    if (message.retry) {
      var retry = el("button", "wbe-chat__retry", TEXT.retry);
      retry.type = "button";
      retry.addEventListener("click", function () {
        item.parentNode.removeChild(item);
        self.input.focus();
        self.deliver(message.retry);
      });
      item.appendChild(retry);
    }
    this.log.appendChild(item);
    this.scrollToEnd();
    return item;
  };

  Chat.prototype.removeQuickReplies = function () {
    var groups = this.log.querySelectorAll(".wbe-chat__quick");
    for (var i = 0; i < groups.length; i += 1) {
      groups[i].parentNode.removeChild(groups[i]);
    }
    if (this.transcript.length) {
      this.transcript[this.transcript.length - 1].buttons = [];
    }
  };

  Chat.prototype.submit = function () {
    var text = this.input.value;
    if (!text.trim()) {
      this.notice.textContent = TEXT.empty;
      this.input.focus();
      return;
    }
    if (text.length > MAX_LENGTH) {
      this.notice.textContent = TEXT.tooLong;
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.limitAnnounced = "";
    this.notice.textContent = "";
    this.updateCounter();
    this.send(text, text);
  };

  // Shows `shown` as the user's message and sends `payload` to the bot.
  Chat.prototype.send = function (payload, shown) {
    this.removeQuickReplies();
    var message = { from: "user", text: shown };
    this.render(message);
    this.remember(message);
    this.deliver(payload);
  };

  Chat.prototype.deliver = function (payload) {
    var self = this;
    this.queue = this.queue.then(function () {
      return self.post(payload);
    });
  };

  Chat.prototype.setBusy = function (busy) {
    this.pending += busy ? 1 : -1;
    this.status.textContent = this.pending > 0 ? TEXT.typing : "";
  };

  Chat.prototype.post = function (payload) {
    var self = this;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : 0;
    this.setBusy(true);
    return window.fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: this.sender, message: payload }),
      credentials: "omit",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.status >= 400 && response.status < 500) {
        var refused = new Error("refused");
        refused.refused = true;
        throw refused;
      }
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (messages) {
      if (!Array.isArray(messages)) {
        throw new Error("unexpected answer");
      }
      var shown = 0;
      messages.forEach(function (m) {
        if (!m || typeof m !== "object") {
          return;
        }
        var text = typeof m.text === "string" ? m.text : "";
        if (!text && typeof m.image === "string" && safeHttpUrl(m.image)) {
          text = m.image;
        }
        if (!text) {
          return;
        }
        var message = { from: "bot", text: text, buttons: Array.isArray(m.buttons) ? m.buttons : [] };
        self.render(message);
        self.remember(message);
        shown += 1;
      });
      if (!shown) {
        self.render({ from: "bot", text: TEXT.noAnswer });
      }
    }).catch(function (error) {
      if (error && error.refused) {
        self.render({ from: "error", title: TEXT.unreachableTitle, text: TEXT.refused });
      } else {
        self.render({ from: "error", title: TEXT.unreachableTitle, text: TEXT.unreachable, retry: payload });
      }
    }).then(function () {
      window.clearTimeout(timer);
      self.setBusy(false);
    });
  };

  // --- mounting -------------------------------------------------------------------

  function ensureStyles() {
    var href = BASE_URL + "widget.css";
    var links = document.querySelectorAll("link[rel~='stylesheet']");
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].href === href) {
        return;
      }
    }
    var link = document.createElement("link");
    link.setAttribute("rel", "stylesheet");
    link.setAttribute("href", href);
    document.head.appendChild(link);
  }

  function mount() {
    ensureStyles();
    var host = TARGET_ID ? document.getElementById(TARGET_ID) : null;
    if (!host) {
      host = document.createElement("div");
      document.body.appendChild(host);
    }
    new Chat(host); // eslint-disable-line no-new
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
