/*
 * Stripe.js stand-in served by the local Stripe emulator at /v3/stripe.js.
 *
 * Load it as a blocking <script> in <head> before any bundle: @stripe/stripe-js then finds window.Stripe and
 * never reaches for js.stripe.com. It implements the parts of Stripe.js that a PaymentElement checkout uses
 * (see stripe-local-spec.md §7) with plain DOM inputs instead of iframes. Card data goes from these inputs
 * straight to the emulator (the origin this script was served from), never to the app's server: the inputs
 * have no `name`, so even a native form submission cannot carry them.
 *
 * Plain browser script, ES2020, no build step.
 */
(function () {
  "use strict";

  if (typeof window === "undefined" || window.Stripe) return;

  const API_ORIGIN = findOwnOrigin();
  const RELEASE = "endive";
  const AUTH_FAILURE_MESSAGE =
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

  // document.currentScript is null once the script has run, and for module scripts: fall back to scanning.
  function findOwnOrigin() {
    const current = document.currentScript;
    if (current && current.src) return new URL(current.src).origin;
    const scripts = document.querySelectorAll("script[src]");
    for (let i = 0; i < scripts.length; i++) {
      const src = scripts[i].src;
      if (/\/v3(\/stripe\.js)?\/?(\?.*)?$/.test(src)) return new URL(src).origin;
    }
    return window.location.origin;
  }

  class IntegrationError extends Error {
    constructor(message) {
      super(message);
      this.name = "IntegrationError";
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Wire helpers

  function encodeForm(params, prefix, out) {
    const pairs = out || [];
    for (const key of Object.keys(params)) {
      const value = params[key];
      if (value === undefined) continue;
      const name = prefix ? prefix + "[" + key + "]" : key;
      if (value === null) pairs.push([name, ""]);
      else if (Array.isArray(value)) {
        value.forEach(function (item, i) {
          if (item !== null && typeof item === "object") encodeForm(item, name + "[" + i + "]", pairs);
          else pairs.push([name + "[" + i + "]", String(item)]);
        });
      } else if (typeof value === "object") encodeForm(value, name, pairs);
      else pairs.push([name, String(value)]);
    }
    return pairs;
  }

  function connectionError() {
    return {
      type: "api_connection_error",
      message: "Could not reach the local Stripe emulator at " + API_ORIGIN + ".",
    };
  }

  // Resolves {data} or {error}; never rejects. Form-encoded POSTs are CORS "simple" requests (no preflight).
  async function request(method, path, params, json) {
    const url = new URL(path, API_ORIGIN);
    const init = { method: method, credentials: "omit", headers: {} };
    if (method === "GET") {
      for (const pair of encodeForm(params || {})) url.searchParams.append(pair[0], pair[1]);
    } else if (json) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(params || {});
    } else {
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = new URLSearchParams(encodeForm(params || {})).toString();
    }
    let response;
    try {
      response = await fetch(url.toString(), init);
    } catch {
      return { error: connectionError() };
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (body && body.error) return { error: body.error };
    if (!response.ok || !body) {
      return {
        error: {
          type: "api_error",
          message: "The local Stripe emulator answered HTTP " + response.status + " without a Stripe error body.",
        },
      };
    }
    return { data: body };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Card maths

  const BRANDS = [
    { brand: "amex", pattern: /^3[47]/, lengths: [15], groups: [4, 6, 5], cvc: 4 },
    { brand: "diners", pattern: /^(36|30[0-5]|3095|38|39)/, lengths: [14, 16], groups: [4, 6, 4], cvc: 3 },
    { brand: "jcb", pattern: /^35/, lengths: [16], groups: [4, 4, 4, 4], cvc: 3 },
    { brand: "visa", pattern: /^4/, lengths: [16], groups: [4, 4, 4, 4], cvc: 3 },
    { brand: "mastercard", pattern: /^(5[1-5]|2[2-7])/, lengths: [16], groups: [4, 4, 4, 4], cvc: 3 },
    { brand: "discover", pattern: /^(6011|65|64[4-9]|622)/, lengths: [16], groups: [4, 4, 4, 4], cvc: 3 },
    { brand: "unionpay", pattern: /^62/, lengths: [16], groups: [4, 4, 4, 4], cvc: 3 },
  ];
  const UNKNOWN_BRAND = { brand: "unknown", pattern: /^/, lengths: [16], groups: [4, 4, 4, 4], cvc: 3 };
  const BRAND_LABELS = {
    amex: "AMEX",
    diners: "DINERS",
    jcb: "JCB",
    visa: "VISA",
    mastercard: "MC",
    discover: "DISCOVER",
    unionpay: "UNIONPAY",
  };

  function brandOf(digits) {
    if (!digits) return UNKNOWN_BRAND;
    return BRANDS.find((b) => b.pattern.test(digits)) || UNKNOWN_BRAND;
  }

  function luhnValid(digits) {
    let sum = 0;
    let double = false;
    for (let i = digits.length - 1; i >= 0; i--) {
      let d = digits.charCodeAt(i) - 48;
      if (double) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      double = !double;
    }
    return sum % 10 === 0;
  }

  function formatNumber(digits) {
    const groups = brandOf(digits).groups;
    const parts = [];
    let at = 0;
    for (const size of groups) {
      if (at >= digits.length) break;
      parts.push(digits.slice(at, at + size));
      at += size;
    }
    if (at < digits.length) parts.push(digits.slice(at));
    return parts.join(" ");
  }

  function formatExpiry(digits, deleting) {
    if (digits.length === 0) return "";
    if (digits.length < 2) return digits;
    if (digits.length === 2) return deleting ? digits : digits + " / ";
    return digits.slice(0, 2) + " / " + digits.slice(2);
  }

  function onlyDigits(value) {
    return String(value || "").replace(/\D/g, "");
  }

  // Each validator returns null when valid, else {code, message, immediate}: `immediate` errors show while
  // typing (a full-length number failing Luhn, a year in the past); the others wait for blur or submit.
  function validateNumber(digits) {
    const info = brandOf(digits);
    const max = Math.max.apply(null, info.lengths);
    if (digits.length === 0) return { code: "incomplete_number", message: "Your card number is incomplete." };
    if (info.lengths.indexOf(digits.length) === -1 || !luhnValid(digits)) {
      if (digits.length >= max) return { code: "invalid_number", message: "Your card number is invalid.", immediate: true };
      if (info.lengths.indexOf(digits.length) !== -1) return { code: "invalid_number", message: "Your card number is invalid." };
      return { code: "incomplete_number", message: "Your card number is incomplete." };
    }
    return null;
  }

  function validateExpiry(digits) {
    if (digits.length >= 2) {
      const month = Number(digits.slice(0, 2));
      if (month < 1 || month > 12) {
        return { code: "invalid_expiry_month", message: "Your card's expiration date is invalid.", immediate: true };
      }
    }
    if (digits.length < 4) return { code: "incomplete_expiry", message: "Your card's expiration date is incomplete." };
    const month = Number(digits.slice(0, 2));
    const year = 2000 + Number(digits.slice(2, 4));
    const now = new Date();
    const thisYear = now.getFullYear();
    if (year < thisYear) {
      return { code: "invalid_expiry_year_past", message: "Your card's expiration year is in the past.", immediate: true };
    }
    if (year === thisYear && month < now.getMonth() + 1) {
      return { code: "invalid_expiry_month_past", message: "Your card's expiration date is in the past.", immediate: true };
    }
    if (year > thisYear + 50) {
      return { code: "invalid_expiry_year", message: "Your card's expiration year is invalid.", immediate: true };
    }
    return null;
  }

  function validateCvc(digits, numberDigits) {
    const needed = brandOf(numberDigits).cvc;
    if (digits.length < needed) return { code: "incomplete_cvc", message: "Your card's security code is incomplete." };
    if (digits.length > needed) return { code: "invalid_cvc", message: "Your card's security code is invalid." };
    return null;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Styles: injected once; appearance variables map onto CSS custom properties on each element's root.

  const STYLE_ID = "stripe-local-styles";
  const CSS = [
    ".__sl-root{--sl-primary:#0570de;--sl-background:#fff;--sl-text:inherit;--sl-muted:#6b7280;--sl-danger:#df1b41;",
    "--sl-border:#d7dde3;--sl-radius:6px;--sl-font:inherit;--sl-gap:12px;display:grid;gap:var(--sl-gap);",
    "font-family:var(--sl-font);color:var(--sl-text);text-align:left}",
    ".__sl-root.__sl-night{--sl-background:#30313d;--sl-text:#fff;--sl-muted:#a3a8b4;--sl-border:#424353;--sl-primary:#0074d4}",
    ".__sl-tab{display:inline-flex;align-items:center;gap:8px;justify-self:start;padding:8px 12px;font-size:.875em;",
    "font-weight:600;border:1px solid var(--sl-primary);border-radius:var(--sl-radius);color:var(--sl-primary);",
    "background:var(--sl-background)}",
    ".__sl-tab svg{width:18px;height:18px}",
    ".__sl-row{display:grid;grid-template-columns:1fr 1fr;gap:var(--sl-gap)}",
    ".__sl-field{display:flex;flex-direction:column;gap:4px;min-width:0}",
    ".__sl-label{font-size:.875em;color:var(--sl-text)}",
    ".__sl-wrap{position:relative}",
    ".__sl-input{box-sizing:border-box;width:100%;margin:0;padding:10px 12px;font:inherit;font-family:var(--sl-font);",
    "color:var(--sl-text);background:var(--sl-background);border:1px solid var(--sl-border);",
    "border-radius:var(--sl-radius);outline:none;box-shadow:0 1px 1px rgba(0,0,0,.03),0 3px 6px rgba(0,0,0,.02);",
    "transition:border-color .15s ease,box-shadow .15s ease}",
    ".__sl-input::placeholder{color:var(--sl-muted);opacity:.8}",
    ".__sl-input:focus{border-color:var(--sl-primary);",
    "box-shadow:0 0 0 3px color-mix(in srgb,var(--sl-primary) 25%,transparent)}",
    ".__sl-input[aria-invalid=true]{border-color:var(--sl-danger);color:var(--sl-danger)}",
    ".__sl-input[aria-invalid=true]:focus{box-shadow:0 0 0 3px color-mix(in srgb,var(--sl-danger) 25%,transparent)}",
    ".__sl-input[readonly]{opacity:.65;cursor:progress}",
    ".__sl-number{padding-right:84px}",
    ".__sl-brand{position:absolute;right:10px;top:50%;transform:translateY(-50%);font-size:.7em;font-weight:700;",
    "letter-spacing:.05em;color:var(--sl-muted);pointer-events:none}",
    ".__sl-error{margin:0;color:var(--sl-danger);font-size:.875em}",
    ".__sl-error:empty{display:none}",
    ".__sl-note{margin:0;font-size:.75em;color:var(--sl-muted)}",
    ".__sl-overlay{position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;",
    "padding:16px;background:rgba(15,23,42,.55);font-family:system-ui,-apple-system,'Segoe UI',sans-serif}",
    ".__sl-dialog{box-sizing:border-box;width:100%;max-width:400px;padding:24px;border-radius:12px;background:#fff;",
    "color:#1a1f36;box-shadow:0 20px 50px rgba(0,0,0,.3);display:grid;gap:12px}",
    ".__sl-dialog h2{margin:0;font-size:1.125rem}",
    ".__sl-dialog p{margin:0;font-size:.9rem;line-height:1.4;color:#425466}",
    ".__sl-amount{font-weight:600;color:#1a1f36}",
    ".__sl-actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}",
    ".__sl-button{flex:1;padding:10px 14px;font:inherit;font-size:.9rem;font-weight:600;border-radius:6px;",
    "cursor:pointer;border:1px solid transparent}",
    ".__sl-button:focus-visible{outline:3px solid rgba(5,112,222,.4);outline-offset:2px}",
    ".__sl-pass{background:#0570de;color:#fff}",
    ".__sl-fail{background:#fff;color:#df1b41;border-color:#df1b41}",
  ].join("");

  let stylesInjected = false;
  // A constructed stylesheet is not an inline <style> as far as a page's CSP is concerned; <style> is the fallback.
  function injectStyles() {
    if (stylesInjected || document.getElementById(STYLE_ID)) return;
    stylesInjected = true;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
      return;
    } catch {
      // Older browsers: fall through to a <style> element.
    }
    const style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  const APPEARANCE_VARIABLES = {
    colorPrimary: "--sl-primary",
    colorBackground: "--sl-background",
    colorText: "--sl-text",
    colorTextSecondary: "--sl-muted",
    colorDanger: "--sl-danger",
    fontFamily: "--sl-font",
    borderRadius: "--sl-radius",
    spacingGridRow: "--sl-gap",
  };

  function applyAppearance(root, appearance) {
    const a = appearance || {};
    root.classList.toggle("__sl-night", a.theme === "night");
    const vars = a.variables || {};
    for (const key of Object.keys(APPEARANCE_VARIABLES)) {
      if (typeof vars[key] === "string" && vars[key]) root.style.setProperty(APPEARANCE_VARIABLES[key], vars[key]);
      else root.style.removeProperty(APPEARANCE_VARIABLES[key]);
    }
    if (typeof vars.fontSizeBase === "string") root.style.fontSize = vars.fontSizeBase;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const key of Object.keys(attrs || {})) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  const CARD_ICON =
    '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">' +
    '<rect x="2" y="5" width="20" height="14" rx="2"/><path d="M2 10h20"/></svg>';

  // ---------------------------------------------------------------------------------------------------------
  // Elements

  let nextUid = 1;

  function createCardElement(group, type, options) {
    const uid = "__sl-" + nextUid++;
    const listeners = {};
    const state = { number: "", expiry: "", cvc: "", touched: { number: false, expiry: false, cvc: false } };
    let opts = Object.assign({}, options || {});
    let container = null;
    let destroyed = false;
    let root = null;
    let focused = false;
    let lastChange = null;
    const inputs = {};
    const errors = {};
    let brandBadge = null;

    function emit(event, payload) {
      const handlers = (listeners[event] || []).slice();
      for (const h of handlers) {
        try {
          h.fn(payload);
        } catch (e) {
          setTimeout(function () {
            throw e;
          });
        }
        if (h.once) off(event, h.fn);
      }
    }

    function on(event, fn, once) {
      assertAlive();
      if (typeof fn !== "function") throw new IntegrationError("The handler for '" + event + "' must be a function.");
      (listeners[event] = listeners[event] || []).push({ fn: fn, once: !!once });
      return element;
    }

    function off(event, fn) {
      if (!listeners[event]) return element;
      listeners[event] = fn ? listeners[event].filter((h) => h.fn !== fn) : [];
      return element;
    }

    function assertAlive() {
      if (destroyed) throw new IntegrationError("This Element has already been destroyed. Please create a new one.");
    }

    function fieldErrors() {
      return {
        number: validateNumber(state.number),
        expiry: validateExpiry(state.expiry),
        cvc: validateCvc(state.cvc, state.number),
      };
    }

    function isEmpty() {
      return !state.number && !state.expiry && !state.cvc;
    }

    function render() {
      if (!root) return;
      const errs = fieldErrors();
      for (const field of ["number", "expiry", "cvc"]) {
        const err = errs[field];
        const show = err && (state.touched[field] || err.immediate) ? err.message : "";
        errors[field].textContent = show;
        inputs[field].setAttribute("aria-invalid", show ? "true" : "false");
      }
      const brand = brandOf(state.number).brand;
      brandBadge.textContent = BRAND_LABELS[brand] || "";
      const complete = !errs.number && !errs.expiry && !errs.cvc;
      if (container) {
        container.classList.toggle("StripeElement--empty", isEmpty());
        container.classList.toggle("StripeElement--complete", complete);
        container.classList.toggle(
          "StripeElement--invalid",
          ["number", "expiry", "cvc"].some((f) => errs[f] && (state.touched[f] || errs[f].immediate)),
        );
      }
    }

    function changePayload() {
      const errs = fieldErrors();
      const complete = !errs.number && !errs.expiry && !errs.cvc;
      if (type === "payment") {
        return { elementType: "payment", empty: isEmpty(), complete: complete, collapsed: false, value: { type: "card" } };
      }
      const shown = ["number", "expiry", "cvc"]
        .map((f) => errs[f] && errs[f].immediate && { type: "validation_error", code: errs[f].code, message: errs[f].message })
        .find(Boolean);
      return {
        elementType: type,
        empty: isEmpty(),
        complete: complete,
        brand: brandOf(state.number).brand,
        error: shown || undefined,
        value: { postalCode: "" },
      };
    }

    function emitChange() {
      const payload = changePayload();
      const key = JSON.stringify(payload);
      if (key === lastChange) return;
      lastChange = key;
      emit("change", payload);
    }

    function caretAfterDigits(value, count) {
      if (count <= 0) return 0;
      let seen = 0;
      for (let i = 0; i < value.length; i++) {
        if (/\d/.test(value[i])) seen++;
        if (seen === count) return i + 1;
      }
      return value.length;
    }

    function onInput(field, event) {
      const input = inputs[field];
      const raw = input.value;
      const caret = input.selectionStart == null ? raw.length : input.selectionStart;
      const digitsBefore = onlyDigits(raw.slice(0, caret)).length;
      const atEnd = caret >= raw.length;
      let digits = onlyDigits(raw);
      let display;
      if (field === "number") {
        digits = digits.slice(0, 19);
        digits = digits.slice(0, Math.max.apply(null, brandOf(digits).lengths));
        display = formatNumber(digits);
      } else if (field === "expiry") {
        // Browser autofill may give a four-digit year ("12/2034").
        const full = /^\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/.exec(raw);
        if (full) digits = full[1].padStart(2, "0") + full[2].slice(2);
        if (digits.length === 1 && digits > "1") digits = "0" + digits;
        digits = digits.slice(0, 4);
        display = formatExpiry(digits, /^delete/.test((event && event.inputType) || ""));
      } else {
        digits = digits.slice(0, brandOf(state.number).cvc);
        display = digits;
      }
      state[field] = digits;
      if (input.value !== display) {
        input.value = display;
        if (document.activeElement === input) {
          const pos = atEnd ? display.length : caretAfterDigits(display, digitsBefore);
          input.setSelectionRange(pos, pos);
        }
      }
      // Moving on once a field is complete mirrors Stripe's card inputs.
      if (event && !/^delete/.test(event.inputType || "") && atEnd) {
        const errs = fieldErrors();
        if (field === "number" && !errs.number) inputs.expiry.focus();
        else if (field === "expiry" && !errs.expiry) inputs.cvc.focus();
      }
      render();
      emitChange();
    }

    function buildField(field, label, attrs, extra) {
      const id = uid + "-" + field;
      const input = el(
        "input",
        Object.assign(
          {
            id: id,
            class: "__sl-input",
            type: "text",
            inputmode: "numeric",
            spellcheck: "false",
            "aria-describedby": id + "-error",
            "aria-invalid": "false",
          },
          attrs,
        ),
      );
      inputs[field] = input;
      errors[field] = el("p", { id: id + "-error", class: "__sl-error", "aria-live": "polite" });
      input.addEventListener("input", function (event) {
        onInput(field, event);
      });
      input.addEventListener("blur", function () {
        if (state[field]) state.touched[field] = true;
        render();
      });
      const wrap = el("div", { class: "__sl-wrap" }, [input].concat(extra || []));
      return el("div", { class: "__sl-field" }, [el("label", { class: "__sl-label", for: id, text: label }), wrap, errors[field]]);
    }

    function build() {
      brandBadge = el("span", { class: "__sl-brand", "aria-hidden": "true" });
      const numberField = buildField(
        "number",
        "Card number",
        { class: "__sl-input __sl-number", autocomplete: "cc-number", placeholder: "1234 1234 1234 1234", maxlength: "23" },
        [brandBadge],
      );
      const expiryField = buildField("expiry", "Expiration date", {
        autocomplete: "cc-exp",
        placeholder: "MM / YY",
        maxlength: "7",
      });
      const cvcField = buildField("cvc", "Security code", { autocomplete: "cc-csc", placeholder: "CVC", maxlength: "4" });
      const children = [];
      if (type === "payment") {
        const tab = el("div", { class: "__sl-tab" });
        tab.innerHTML = CARD_ICON + "<span>Card</span>";
        children.push(tab);
      }
      children.push(numberField, el("div", { class: "__sl-row" }, [expiryField, cvcField]));
      children.push(
        el("p", {
          class: "__sl-note",
          text: "Local Stripe test mode: no real card is charged. Try 4242 4242 4242 4242, any future date, any CVC.",
        }),
      );
      root = el("div", { class: "__sl-root", "data-stripe-local-element": type }, children);
      root.addEventListener("focusin", function () {
        if (focused) return;
        focused = true;
        if (container) container.classList.add("StripeElement--focus");
        emit("focus", { elementType: type });
      });
      root.addEventListener("focusout", function (event) {
        if (event.relatedTarget && root.contains(event.relatedTarget)) return;
        focused = false;
        if (container) container.classList.remove("StripeElement--focus");
        emit("blur", { elementType: type });
      });
      root.addEventListener("keydown", function (event) {
        if (event.key === "Escape") emit("escape", { elementType: type });
      });
      applyAppearance(root, group.options.appearance);
      applyReadOnly();
      for (const field of ["number", "expiry", "cvc"]) {
        inputs[field].value =
          field === "number" ? formatNumber(state.number) : field === "expiry" ? formatExpiry(state.expiry) : state.cvc;
      }
      render();
    }

    let busy = false;
    function applyReadOnly() {
      for (const field of Object.keys(inputs)) inputs[field].readOnly = busy || !!opts.readOnly;
    }

    const element = {
      mount: function (target) {
        assertAlive();
        if (container) {
          throw new IntegrationError("This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.");
        }
        const node = typeof target === "string" ? document.querySelector(target) : target;
        if (!node || typeof node.appendChild !== "function") {
          throw new IntegrationError(
            typeof target === "string"
              ? "The selector you specified (" + target + ") applies to no DOM elements that are currently on the page."
              : "Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.",
          );
        }
        injectStyles();
        container = node;
        container.classList.add("StripeElement");
        emit("loaderstart", { elementType: type });
        build();
        container.appendChild(root);
        setTimeout(function () {
          if (!destroyed && container) emit("ready", { elementType: type });
        }, 0);
      },
      unmount: function () {
        assertAlive();
        if (root && root.parentNode) root.parentNode.removeChild(root);
        if (container) {
          container.classList.remove(
            "StripeElement",
            "StripeElement--focus",
            "StripeElement--empty",
            "StripeElement--complete",
            "StripeElement--invalid",
          );
        }
        container = null;
        root = null;
        focused = false;
      },
      destroy: function () {
        assertAlive();
        element.unmount();
        destroyed = true;
        group._forget(element);
        for (const key of Object.keys(listeners)) delete listeners[key];
      },
      on: function (event, fn) {
        return on(event, fn, false);
      },
      addEventListener: function (event, fn) {
        return on(event, fn, false);
      },
      once: function (event, fn) {
        return on(event, fn, true);
      },
      off: function (event, fn) {
        return off(event, fn);
      },
      removeEventListener: function (event, fn) {
        return off(event, fn);
      },
      update: function (next) {
        assertAlive();
        opts = Object.assign(opts, next || {});
        applyReadOnly();
        return element;
      },
      focus: function () {
        assertAlive();
        if (inputs.number) inputs.number.focus();
        return element;
      },
      blur: function () {
        assertAlive();
        if (root && root.contains(document.activeElement)) document.activeElement.blur();
        return element;
      },
      clear: function () {
        assertAlive();
        state.number = state.expiry = state.cvc = "";
        state.touched = { number: false, expiry: false, cvc: false };
        for (const field of Object.keys(inputs)) inputs[field].value = "";
        render();
        emitChange();
        return element;
      },
      collapse: function () {
        assertAlive();
        return element;
      },
      // Not public Stripe.js API: the stand-in's own confirm helpers use these.
      _type: type,
      _validate: function () {
        state.touched = { number: true, expiry: true, cvc: true };
        render();
        const errs = fieldErrors();
        const first = errs.number || errs.expiry || errs.cvc;
        if (!first) return null;
        return { type: "validation_error", code: first.code, message: first.message };
      },
      _cardParams: function () {
        return {
          number: state.number,
          exp_month: String(Number(state.expiry.slice(0, 2))),
          exp_year: String(2000 + Number(state.expiry.slice(2, 4))),
          cvc: state.cvc,
        };
      },
      _setBusy: function (value) {
        busy = value;
        applyReadOnly();
      },
      _restyle: function () {
        if (root) applyAppearance(root, group.options.appearance);
      },
      _isDestroyed: function () {
        return destroyed;
      },
    };
    element.options = opts;
    return element;
  }

  // Address Element (`elements.create('address', {mode: 'billing'|'shipping'})`): name and address fields, a
  // `change` event and `getValue()` in Stripe.js's shapes. Countries are a short list; no autocomplete.
  const ADDRESS_COUNTRIES = [
    ["US", "United States"], ["GB", "United Kingdom"], ["DE", "Germany"], ["FR", "France"], ["IE", "Ireland"],
    ["NL", "Netherlands"], ["ES", "Spain"], ["IT", "Italy"], ["AU", "Australia"], ["CA", "Canada"], ["JP", "Japan"],
  ];
  const ADDRESS_FIELDS = [
    ["name", "Full name", "name"],
    ["country", "Country or region", "country"],
    ["line1", "Address line 1", "address-line1"],
    ["line2", "Address line 2 (optional)", "address-line2"],
    ["city", "City", "address-level2"],
    ["state", "State, county or province (optional)", "address-level1"],
    ["postal_code", "Postal code", "postal-code"],
  ];

  const ADDRESS_REQUIRED = ["name", "line1", "city", "postal_code"];

  function createAddressElement(group, options) {
    const o = options || {};
    if (o.mode !== "billing" && o.mode !== "shipping") {
      throw new IntegrationError("Invalid value for create('address'): mode should be one of billing, shipping. You specified: " + o.mode + ".");
    }
    const uid = "__sl-" + nextUid++;
    const listeners = {};
    const defaults = o.defaultValues || {};
    const da = defaults.address || {};
    const state = {
      name: defaults.name || "",
      country: da.country || "US",
      line1: da.line1 || "",
      line2: da.line2 || "",
      city: da.city || "",
      state: da.state || "",
      postal_code: da.postal_code || "",
    };
    const inputs = {};
    const errors = {};
    let container = null;
    let root = null;
    let destroyed = false;

    function showFieldError(field, show) {
      if (!inputs[field] || !errors[field]) return;
      inputs[field].setAttribute("aria-invalid", show ? "true" : "false");
      errors[field].textContent = show ? "This field is incomplete." : "";
    }
    function emit(event, payload) {
      for (const entry of (listeners[event] || []).slice()) {
        if (entry.once) off(event, entry.fn);
        entry.fn(payload);
      }
    }
    function on(event, fn, once) {
      (listeners[event] = listeners[event] || []).push({ fn: fn, once: once });
      return element;
    }
    function off(event, fn) {
      listeners[event] = (listeners[event] || []).filter(function (e) { return e.fn !== fn; });
      return element;
    }
    function complete() {
      return !!(state.name.trim() && state.country && state.line1.trim() && state.city.trim() && state.postal_code.trim());
    }
    function value() {
      const or = function (v) { return v.trim() ? v.trim() : null; };
      return {
        name: state.name.trim(),
        address: { line1: state.line1.trim(), line2: or(state.line2), city: state.city.trim(), state: or(state.state), postal_code: state.postal_code.trim(), country: state.country },
      };
    }
    function payload() {
      const empty = !state.name && !state.line1 && !state.line2 && !state.city && !state.state && !state.postal_code;
      return { elementType: "address", empty: empty, complete: complete(), isNewAddress: true, value: value() };
    }
    function build() {
      root = el("div", { class: "__sl-root __sl-address" });
      applyAppearance(root, group.options.appearance);
      for (const f of ADDRESS_FIELDS) {
        const id = uid + "-" + f[0];
        let input;
        if (f[0] === "country") {
          input = el("select", { id: id, name: f[0], autocomplete: f[2], class: "__sl-input" });
          for (const c of ADDRESS_COUNTRIES) {
            const opt = el("option", { value: c[0], text: c[1] });
            if (c[0] === state.country) opt.selected = true;
            input.appendChild(opt);
          }
          input.addEventListener("change", function () {
            state.country = input.value;
            emit("change", payload());
          });
        } else {
          input = el("input", { id: id, name: f[0], autocomplete: f[2], class: "__sl-input", type: "text" });
          input.value = state[f[0]];
          input.addEventListener("input", function () {
            state[f[0]] = input.value;
            if (errors[f[0]] && input.value.trim()) showFieldError(f[0], false);
            emit("change", payload());
          });
        }
        inputs[f[0]] = input;
        const children = [el("label", { for: id, class: "__sl-label", text: f[1] }), input];
        if (ADDRESS_REQUIRED.indexOf(f[0]) !== -1) {
          input.setAttribute("aria-invalid", "false");
          input.setAttribute("aria-describedby", id + "-error");
          errors[f[0]] = el("p", { id: id + "-error", class: "__sl-error", "aria-live": "polite" });
          children.push(errors[f[0]]);
        }
        root.appendChild(el("div", { class: "__sl-field" }, children));
      }
    }
    const element = {
      mount: function (target) {
        if (destroyed) throw new IntegrationError("This Element has already been destroyed. Please create a new one.");
        if (container) throw new IntegrationError("This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.");
        const node = typeof target === "string" ? document.querySelector(target) : target;
        if (!node || typeof node.appendChild !== "function") throw new IntegrationError("Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.");
        injectStyles();
        container = node;
        container.classList.add("StripeElement");
        build();
        container.appendChild(root);
        setTimeout(function () {
          if (!destroyed && container) {
            emit("ready", { elementType: "address" });
            emit("change", payload());
          }
        }, 0);
      },
      unmount: function () {
        if (root && root.parentNode) root.parentNode.removeChild(root);
        if (container) container.classList.remove("StripeElement");
        container = null;
        root = null;
      },
      destroy: function () {
        element.unmount();
        destroyed = true;
        group._forget(element);
      },
      on: function (event, fn) { return on(event, fn, false); },
      once: function (event, fn) { return on(event, fn, true); },
      off: function (event, fn) { return off(event, fn); },
      update: function () { return element; },
      focus: function () {
        if (inputs.name) inputs.name.focus();
        return element;
      },
      blur: function () { return element; },
      clear: function () {
        for (const k of Object.keys(state)) state[k] = k === "country" ? "US" : "";
        for (const k of Object.keys(inputs)) inputs[k].value = state[k];
        emit("change", payload());
        return element;
      },
      getValue: function () {
        return Promise.resolve(payload());
      },
      // elements.submit() checks the address as Stripe.js does: each empty required field is marked.
      _validate: function () {
        let missing = false;
        for (const field of ADDRESS_REQUIRED) {
          const empty = !state[field].trim();
          showFieldError(field, empty);
          missing = missing || empty;
        }
        return missing ? { type: "validation_error", code: "incomplete_address", message: "Your address is incomplete." } : null;
      },
      _type: "address",
      _isDestroyed: function () { return destroyed; },
      _restyle: function () {
        if (root) applyAppearance(root, group.options.appearance);
      },
    };
    return element;
  }

  const SUPPORTED_ELEMENTS = ["payment", "card", "address"];

  // Deferred intent (`{mode, amount, currency}`): checked as Stripe.js checks it, so an app that would fail against
  // real Stripe fails here too.
  function checkElementsOptions(options) {
    const o = options || {};
    if (o.mode === undefined) return;
    if (["payment", "subscription", "setup"].indexOf(o.mode) === -1) {
      throw new IntegrationError("Invalid value for elements(): mode should be one of payment, setup, subscription. You specified: " + o.mode + ".");
    }
    if (o.clientSecret) throw new IntegrationError("elements(): pass either clientSecret or mode, not both.");
    if (o.mode !== "setup" && !(Number.isInteger(o.amount) && o.amount >= 0)) {
      throw new IntegrationError("Invalid value for elements(): amount should be a non-negative integer in the smallest currency unit when mode is " + o.mode + ".");
    }
    if (o.mode !== "setup" && !(typeof o.currency === "string" && /^[a-z]{3}$/.test(o.currency))) {
      throw new IntegrationError("Invalid value for elements(): currency should be a lowercase three-letter ISO code when mode is " + o.mode + ".");
    }
  }

  function createElementsGroup(options) {
    checkElementsOptions(options);
    const created = {};
    const group = {
      options: Object.assign({}, options || {}),
      submitted: false,
      _forget: function (element) {
        if (created[element._type] === element) delete created[element._type];
      },
      create: function (type, elementOptions) {
        if (SUPPORTED_ELEMENTS.indexOf(type) === -1) {
          throw new IntegrationError(
            "The local Stripe stand-in does not implement the '" + type + "' Element (only: " + SUPPORTED_ELEMENTS.join(", ") + ").",
          );
        }
        if (created[type]) throw new IntegrationError("Can only create one Element of type " + type + ".");
        const element = type === "address" ? createAddressElement(group, elementOptions) : createCardElement(group, type, elementOptions);
        created[type] = element;
        return element;
      },
      getElement: function (type) {
        return created[type] || null;
      },
      update: function (next) {
        const update = Object.assign({}, next || {});
        if ("clientSecret" in update) {
          console.warn("stripe-local: elements.update() cannot change clientSecret; create a new Elements group.");
          delete update.clientSecret;
        }
        checkElementsOptions(Object.assign({}, group.options, update));
        Object.assign(group.options, update);
        if (update.appearance) {
          for (const type of Object.keys(created)) created[type]._restyle();
        }
        return Promise.resolve();
      },
      fetchUpdates: function () {
        return Promise.resolve({});
      },
      submit: function () {
        const element = created.payment;
        if (!element) {
          return Promise.resolve({
            error: { type: "invalid_request_error", message: "elements.submit() needs a mounted Payment Element." },
          });
        }
        // Every mounted Element is checked (each marks its own fields); the first error is the answer.
        const addressError = created.address ? created.address._validate() : null;
        const paymentError = element._validate();
        const error = addressError || paymentError;
        if (error) return Promise.resolve({ error: error });
        group.submitted = true;
        return Promise.resolve({ selectedPaymentMethod: "card" });
      },
    };
    return group;
  }

  // ---------------------------------------------------------------------------------------------------------
  // 3D Secure: a modal dialog in the page standing in for the bank's challenge, finished through the
  // emulator's test route.

  function formatAmount(intent) {
    if (typeof intent.amount !== "number" || !intent.currency) return "";
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: intent.currency.toUpperCase() }).format(
        intent.amount / 100,
      );
    } catch {
      return intent.amount / 100 + " " + intent.currency.toUpperCase();
    }
  }

  function askForAuthentication(intent) {
    injectStyles();
    return new Promise(function (resolve) {
      const previousFocus = document.activeElement;
      const pass = el("button", { type: "button", class: "__sl-button __sl-pass", text: "Complete authentication" });
      const fail = el("button", { type: "button", class: "__sl-button __sl-fail", text: "Fail authentication" });
      const amount = formatAmount(intent);
      const description = el("p", {
        id: "__sl-3ds-desc",
        text:
          "This stand-in for your bank's 3D Secure page is served by the local Stripe emulator. " +
          "Complete or fail the authentication to continue.",
      });
      const children = [el("h2", { text: "3D Secure authentication" }), description];
      if (amount) {
        const line = el("p", {}, [document.createTextNode("Amount: ")]);
        line.appendChild(el("span", { class: "__sl-amount", text: amount }));
        children.push(line);
      }
      children.push(el("div", { class: "__sl-actions" }, [pass, fail]));
      const dialog = el(
        "div",
        {
          class: "__sl-dialog",
          role: "dialog",
          "aria-modal": "true",
          "aria-label": "3D Secure authentication",
          "aria-describedby": "__sl-3ds-desc",
        },
        children,
      );
      const overlay = el("div", { class: "__sl-overlay" }, [dialog]);

      function finish(result) {
        document.removeEventListener("keydown", onKey, true);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
        if (previousFocus && typeof previousFocus.focus === "function") previousFocus.focus();
        resolve(result);
      }
      // Closing the bank's challenge fails the authentication, as on real Stripe.
      function onKey(event) {
        if (event.key === "Escape") {
          event.preventDefault();
          finish("fail");
        } else if (event.key === "Tab") {
          event.preventDefault();
          (document.activeElement === pass ? fail : pass).focus();
        }
      }
      pass.addEventListener("click", function () {
        finish("pass");
      });
      fail.addEventListener("click", function () {
        finish("fail");
      });
      document.addEventListener("keydown", onKey, true);
      document.body.appendChild(overlay);
      pass.focus();
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Intents

  const KINDS = {
    payment_intent: {
      pattern: /^(pi_[A-Za-z0-9]+?)_secret_[A-Za-z0-9]+$/,
      path: "/v1/payment_intents/",
      local: "/_local/payment_intents/",
      resultKey: "paymentIntent",
      redirectKey: "payment_intent",
      done: ["succeeded", "processing", "requires_capture"],
    },
    setup_intent: {
      pattern: /^(seti_[A-Za-z0-9]+?)_secret_[A-Za-z0-9]+$/,
      path: "/v1/setup_intents/",
      local: "/_local/setup_intents/",
      resultKey: "setupIntent",
      redirectKey: "setup_intent",
      done: ["succeeded", "processing"],
    },
  };

  function parseSecret(kind, clientSecret) {
    const match = typeof clientSecret === "string" ? KINDS[kind].pattern.exec(clientSecret) : null;
    return match ? match[1] : null;
  }

  function invalidRequest(message) {
    return { error: { type: "invalid_request_error", message: message } };
  }

  function describeIntentError(intent) {
    const base = intent.last_payment_error || intent.last_setup_error;
    const error = Object.assign({}, base || { type: "invalid_request_error", message: "The payment could not be completed." });
    error[intent.object === "setup_intent" ? "setup_intent" : "payment_intent"] = intent;
    return { error: error };
  }

  async function fetchIntent(kind, pk, clientSecret) {
    const id = parseSecret(kind, clientSecret);
    if (!id) return invalidRequest("Invalid value for client_secret: it should look like " + kind.replace("_intent", "") + "_…_secret_….");
    const result = await request("GET", KINDS[kind].path + id, { client_secret: clientSecret, key: pk });
    if (result.error) return { error: result.error };
    return { intent: result.data };
  }

  function redirectTo(returnUrl, kind, intent, clientSecret) {
    const url = new URL(returnUrl, window.location.href);
    const key = KINDS[kind].redirectKey;
    url.searchParams.set(key, intent.id);
    url.searchParams.set(key + "_client_secret", clientSecret);
    url.searchParams.set("redirect_status", intent.status === "processing" ? "processing" : "succeeded");
    window.location.assign(url.toString());
    // Like Stripe.js, the promise stays pending while the page navigates away.
    return new Promise(function () {});
  }

  async function handleNextAction(kind, pk, clientSecret, intent) {
    const action = intent.next_action || {};
    if (action.type === "redirect_to_url" && action.redirect_to_url && action.redirect_to_url.url) {
      window.location.assign(action.redirect_to_url.url);
      return new Promise(function () {});
    }
    const result = await askForAuthentication(intent);
    const finished = await request("POST", KINDS[kind].local + intent.id + "/3ds", { result: result, client_secret: clientSecret }, true);
    if (finished.error) return { error: finished.error };
    const refreshed = await fetchIntent(kind, pk, clientSecret);
    if (refreshed.error) return { error: refreshed.error };
    const after = refreshed.intent;
    if (KINDS[kind].done.indexOf(after.status) !== -1) return { intent: after };
    if (result === "fail" && !(after.last_payment_error || after.last_setup_error)) {
      const error = { type: "invalid_request_error", code: kind + "_authentication_failure", message: AUTH_FAILURE_MESSAGE };
      error[kind] = after;
      return { error: error };
    }
    return describeIntentError(after);
  }

  // One confirm for both intent kinds: validate locally, POST, then 3DS if asked for. Never rejects.
  async function confirmIntent(kind, pk, args) {
    const element = args.element;
    const clientSecret = args.clientSecret;
    const id = parseSecret(kind, clientSecret);
    if (!id) {
      return invalidRequest(
        "stripe-local: expected a " + (kind === "payment_intent" ? "PaymentIntent (pi_…_secret_…)" : "SetupIntent (seti_…_secret_…)") + " client secret.",
      );
    }
    const params = Object.assign({}, args.params || {});
    if (element) {
      if (element._isDestroyed()) return invalidRequest("The Element used for this confirmation was destroyed.");
      const validation = element._validate();
      if (validation) return { error: validation };
      const pmData = Object.assign({}, params.payment_method_data || {});
      pmData.type = "card";
      pmData.card = element._cardParams();
      params.payment_method_data = pmData;
    }
    params.key = pk;
    params.client_secret = clientSecret;
    if (element) element._setBusy(true);
    try {
      const confirmed = await request("POST", KINDS[kind].path + id + "/confirm", params);
      if (confirmed.error) return { error: confirmed.error };
      let intent = confirmed.data;
      if (intent.status === "requires_action" && args.handleActions !== false) {
        const handled = await handleNextAction(kind, pk, clientSecret, intent);
        if (handled.error) return { error: handled.error };
        intent = handled.intent;
      }
      if (args.redirect === "always" && params.return_url && KINDS[kind].done.indexOf(intent.status) !== -1) {
        return redirectTo(params.return_url, kind, intent, clientSecret);
      }
      const out = {};
      out[KINDS[kind].resultKey] = intent;
      return out;
    } finally {
      if (element) element._setBusy(false);
    }
  }

  function safely(fn) {
    return async function () {
      try {
        return await fn.apply(this, arguments);
      } catch (e) {
        console.error("stripe-local:", e);
        return { error: { type: "api_error", message: e && e.message ? e.message : String(e) } };
      }
    };
  }

  function confirmWithElements(kind, pk, options) {
    const o = options || {};
    const elements = o.elements;
    if (!elements || typeof elements.getElement !== "function") {
      return invalidRequest("Invalid value for " + (kind === "payment_intent" ? "confirmPayment" : "confirmSetup") + "(): elements should be an Elements group.");
    }
    const element = elements.getElement("payment");
    if (!element) return invalidRequest("stripe-local: no Payment Element was created from this Elements group.");
    const clientSecret = o.clientSecret || elements.options.clientSecret;
    if (elements.options.mode && !o.clientSecret) {
      return invalidRequest("stripe.confirm" + (kind === "payment_intent" ? "Payment" : "Setup") + "(): elements created with a mode need the clientSecret your server created.");
    }
    if (o.clientSecret && elements.options.mode && !elements.submitted) {
      return invalidRequest(
        "elements.submit() must be called before stripe.confirm" + (kind === "payment_intent" ? "Payment" : "Setup") + "().",
      );
    }
    const confirmParams = Object.assign({}, o.confirmParams || {});
    const redirect = o.redirect || "always";
    if (redirect !== "always" && redirect !== "if_required") return invalidRequest("Invalid value for redirect: " + redirect + ".");
    if (redirect === "always" && !confirmParams.return_url) {
      return invalidRequest("return_url is required in confirmParams when redirect is 'always' (the default).");
    }
    // Each deferred confirmation needs its own submit(), as with Stripe.js: the next attempt validates again.
    if (elements.options.mode) elements.submitted = false;
    return confirmIntent(kind, pk, { element: element, clientSecret: clientSecret, params: confirmParams, redirect: redirect });
  }

  // Card-element style calls: data.payment_method is a pm_ id or {card: element, billing_details}.
  function confirmCard(kind, pk, clientSecret, data, options) {
    const d = Object.assign({}, data || {});
    let element = null;
    const pm = d.payment_method;
    if (pm && typeof pm === "object" && pm.card && typeof pm.card._validate === "function") {
      element = pm.card;
      delete d.payment_method;
      if (pm.billing_details) d.payment_method_data = { billing_details: pm.billing_details };
    }
    return confirmIntent(kind, pk, {
      element: element,
      clientSecret: clientSecret,
      params: d,
      redirect: "if_required",
      handleActions: !options || options.handleActions !== false,
    });
  }

  function pickCardElement(options) {
    if (options.card && typeof options.card._validate === "function") return options.card;
    if (options.elements && typeof options.elements.getElement === "function") {
      return options.elements.getElement("payment") || options.elements.getElement("card");
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Stripe(pk)

  function Stripe(publishableKey, stripeOptions) {
    if (typeof publishableKey !== "string" || publishableKey.length === 0) {
      throw new IntegrationError("Please call Stripe() with your publishable key. You used an empty string.");
    }
    if (/^pk_live_/.test(publishableKey)) {
      throw new IntegrationError(
        "The local Stripe emulator refuses live publishable keys: use a pk_test_… key in local mode.",
      );
    }
    if (!/^pk_test_/.test(publishableKey)) {
      throw new IntegrationError("Invalid API Key provided: " + publishableKey + ". The local Stripe stand-in expects pk_test_….");
    }
    const pk = publishableKey;
    const options = Object.assign({}, stripeOptions || {});

    return {
      _apiOrigin: API_ORIGIN,
      _options: options,
      _registerWrapper: function () {},
      registerAppInfo: function () {},
      elements: function (elementsOptions) {
        return createElementsGroup(elementsOptions);
      },
      confirmPayment: safely(function (o) {
        return confirmWithElements("payment_intent", pk, o);
      }),
      confirmSetup: safely(function (o) {
        return confirmWithElements("setup_intent", pk, o);
      }),
      confirmCardPayment: safely(function (clientSecret, data, o) {
        return confirmCard("payment_intent", pk, clientSecret, data, o);
      }),
      confirmCardSetup: safely(function (clientSecret, data, o) {
        return confirmCard("setup_intent", pk, clientSecret, data, o);
      }),
      handleNextAction: safely(async function (o) {
        const clientSecret = o && o.clientSecret;
        const kind = parseSecret("setup_intent", clientSecret) ? "setup_intent" : "payment_intent";
        const fetched = await fetchIntent(kind, pk, clientSecret);
        if (fetched.error) return { error: fetched.error };
        let intent = fetched.intent;
        if (intent.status === "requires_action") {
          const handled = await handleNextAction(kind, pk, clientSecret, intent);
          if (handled.error) return { error: handled.error };
          intent = handled.intent;
        }
        const out = {};
        out[KINDS[kind].resultKey] = intent;
        return out;
      }),
      handleCardAction: safely(function (clientSecret) {
        return this.handleNextAction({ clientSecret: clientSecret });
      }),
      retrievePaymentIntent: safely(async function (clientSecret) {
        const fetched = await fetchIntent("payment_intent", pk, clientSecret);
        return fetched.error ? { error: fetched.error } : { paymentIntent: fetched.intent };
      }),
      retrieveSetupIntent: safely(async function (clientSecret) {
        const fetched = await fetchIntent("setup_intent", pk, clientSecret);
        return fetched.error ? { error: fetched.error } : { setupIntent: fetched.intent };
      }),
      createPaymentMethod: safely(async function (o) {
        const opts = o || {};
        const element = pickCardElement(opts);
        if (!element) return invalidRequest("stripe-local: createPaymentMethod needs a card or payment Element.");
        const validation = element._validate();
        if (validation) return { error: validation };
        const params = { key: pk, type: "card", card: element._cardParams() };
        const billing = opts.billing_details || (opts.params && opts.params.billing_details);
        if (billing) params.billing_details = billing;
        const created = await request("POST", "/v1/payment_methods", params);
        return created.error ? { error: created.error } : { paymentMethod: created.data };
      }),
      createToken: safely(async function () {
        return invalidRequest("stripe-local: tokens are a legacy API the local stand-in does not implement; use PaymentMethods.");
      }),
      createSource: safely(async function () {
        return invalidRequest("stripe-local: sources are a legacy API the local stand-in does not implement.");
      }),
      paymentRequest: function () {
        throw new IntegrationError("stripe-local: the Payment Request button is not available in local mode.");
      },
    };
  }

  Stripe.version = RELEASE;
  window.Stripe = Stripe;

  // Loaded late (after @stripe/stripe-js already injected js.stripe.com, which cannot load offline): its
  // loader resolves with window.Stripe on the script's load event, so hand it one.
  const injected = document.querySelectorAll('script[src^="https://js.stripe.com"]');
  for (let i = 0; i < injected.length; i++) injected[i].dispatchEvent(new Event("load"));
})();
