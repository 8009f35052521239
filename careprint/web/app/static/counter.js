// careprint counter: update the card preview as the form changes (progressive enhancement).
// Without this script the form still works: the Preview button posts it and the page shows the images.
// The form is sent to /preview on this same origin, with its CSRF field; the answer is the two images and
// the field errors. Nothing is stored in the browser.
"use strict";
(function () {
  var form = document.getElementById("card-form");
  if (!form || !window.fetch) { return; }
  document.documentElement.classList.add("js");
  var section = document.querySelector(".preview");
  var timer = null, sequence = 0;

  function showErrors(errors) {
    form.querySelectorAll(".field[data-field], fieldset#form").forEach(function (box) {
      var name = box.getAttribute("data-field") || "form";
      var message = document.getElementById(name + "-error");
      var control = document.getElementById(name);
      var text = errors[name] || "";
      if (message) { message.textContent = text; message.hidden = !text; }
      box.classList.toggle("invalid", Boolean(text));
      if (control) {
        if (text) { control.setAttribute("aria-invalid", "true"); } else { control.removeAttribute("aria-invalid"); }
      }
    });
  }

  function update() {
    var mine = ++sequence;
    section.classList.add("busy");
    fetch("/preview", {method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
                       cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (mine !== sequence) { return; }  // a newer change is on its way
        showErrors(answer.errors || {});
        ["front", "back"].forEach(function (side) {
          var img = document.getElementById("preview-" + side);
          if (answer[side]) { img.src = answer[side]; img.hidden = false; }
        });
        section.classList.remove("busy");
        section.setAttribute("data-updates", String(mine));
      })
      .catch(function () { section.classList.remove("busy"); });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 150);
  }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
})();
