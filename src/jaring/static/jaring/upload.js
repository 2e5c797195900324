// Drag-and-drop onto the file picker; the form still works without JavaScript.
(function () {
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("id_file");
  var text = document.getElementById("dropzone-text");
  if (!zone || !input) return;
  function show() { if (input.files.length) text.textContent = input.files[0].name; }
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer.files.length) { input.files = event.dataTransfer.files; show(); }
  });
})();
