// The course finder's "Show times in" menu, on a first visit: the visitor's own time zone,
// as the browser knows it, is chosen for them when the menu offers it. Nothing is sent:
// the person still presses "Show courses". A visit that already says what it wants (`tz`
// in the address, even "each course's own zone") is left as it is; without this script
// the menu stays on each course's own zone, and everything works the same.
"use strict";

(function () {
  var select = document.querySelector("form.filter-form select[name='tz']");
  if (!select || select.value || new URLSearchParams(window.location.search).has("tz")) {
    return;
  }
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  var offered = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!zone || !offered) {
    return;
  }
  select.value = zone;
  var note = select.parentNode.querySelector(".time-zone-guess");
  if (note) {
    note.hidden = false;
    var described = select.getAttribute("aria-describedby");
    select.setAttribute("aria-describedby", described ? described + " " + note.id : note.id);
  }
})();
