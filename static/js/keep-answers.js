// Keeps the intake's answers in this tab's sessionStorage while the person answers, so a
// reload, a phone discarding the tab during a call, or Back from a page that could not save
// them loses nothing. sessionStorage, never localStorage: it ends with the tab, so the next
// person at a shared computer does not find a stranger's answers. The hidden tokens (CSRF,
// form token) and the honeypot are never kept: each page brings its own.
//
// The answers are cleared when they are saved (the recommendation page marks itself with
// data-answers-saved, and this script, loaded there too, clears them) or when the person
// presses "Clear my answers". A page that only shows the form again (errors, too many from
// one connection, no database) keeps them: nothing was saved. Without this script the form
// works as before, and neither the button nor the note about keeping answers is shown.
"use strict";

(function () {
  var KEY = "mindful-path:intake-answers";
  var NOT_KEPT = ["csrfmiddlewaretoken", "form_token", "contact_website"];
  var NOT_KEPT_TYPES = ["hidden", "password", "file", "submit", "button", "reset"];

  function tabStorage() {
    // Storage can be switched off, or full, or throw on access (some private modes).
    try {
      var storage = window.sessionStorage;
      storage.setItem(KEY + ":probe", "1");
      storage.removeItem(KEY + ":probe");
      return storage;
    } catch (error) {
      return null;
    }
  }

  var storage = tabStorage();
  if (!storage) {
    return;
  }

  if (document.querySelector("[data-answers-saved]")) {
    storage.removeItem(KEY);
  }

  var form = document.querySelector("form.intake-form");
  if (!form) {
    return;
  }

  function kept(element) {
    return (
      element.name &&
      !element.disabled &&
      NOT_KEPT.indexOf(element.name) === -1 &&
      NOT_KEPT_TYPES.indexOf(element.type) === -1
    );
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, kept);
  }

  function save() {
    var answers = {};
    fields().forEach(function (element) {
      if (element.type === "radio") {
        if (element.checked) {
          answers[element.name] = element.value;
        }
      } else if (element.type === "checkbox") {
        answers[element.name] = element.checked;
      } else {
        answers[element.name] = element.value;
      }
    });
    try {
      storage.setItem(KEY, JSON.stringify(answers));
    } catch (error) {
      // Storage full: the form still works, it only forgets on a reload.
    }
  }

  function restore() {
    var answers;
    try {
      answers = JSON.parse(storage.getItem(KEY) || "{}");
    } catch (error) {
      return;
    }
    if (!answers || typeof answers !== "object") {
      return;
    }
    fields().forEach(function (element) {
      if (!Object.prototype.hasOwnProperty.call(answers, element.name)) {
        return;
      }
      var value = answers[element.name];
      if (element.type === "radio") {
        element.checked = element.value === value;
      } else if (element.type === "checkbox") {
        element.checked = value === true;
      } else if (typeof value === "string") {
        // A select keeps its choice only if the page still offers it.
        element.value = value;
        if (element.value !== value && element.tagName === "SELECT") {
          element.selectedIndex = 0;
        }
      }
    });
  }

  function clear() {
    fields().forEach(function (element) {
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = false;
      } else if (element.tagName === "SELECT") {
        element.selectedIndex = 0;
      } else {
        element.value = "";
      }
    });
    storage.removeItem(KEY);
  }

  // The empty form takes back what this tab kept; a form the server sent back filled in
  // (it could not be saved, or needs a correction) shows exactly what was sent, and that
  // becomes what is kept.
  if (form.hasAttribute("data-restore-answers")) {
    restore();
  } else {
    save();
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  var panel = form.querySelector(".keep-answers");
  var button = panel && panel.querySelector(".keep-answers__clear");
  if (!button) {
    return;
  }
  var done = panel.querySelector(".keep-answers__done");
  form.addEventListener("input", function () {
    // Answering again: "cleared" is no longer true.
    if (done) {
      done.textContent = "";
    }
  });
  button.addEventListener("click", function () {
    clear();
    if (done) {
      // The words come from the page, in its language (data-cleared).
      done.textContent = done.getAttribute("data-cleared") || "";
    }
  });
  panel.hidden = false;
})();
