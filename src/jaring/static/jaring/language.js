// The language menu changes the language as soon as a language is picked (without
// JavaScript the form has its own button). A file, not an onchange attribute: the
// Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("language-select");
  if (select) select.addEventListener("change", function () { select.form.submit(); });
});
