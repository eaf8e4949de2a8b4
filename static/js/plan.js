// The plan page renders the form to comment on a row once (<template id="comment-form">);
// opening a row's comments puts a copy of it there, for that row.
(function () {
  "use strict";
  const template = document.getElementById("comment-form");
  if (!template) return;

  function addForm(details) {
    if (details.querySelector("form.comment-add")) return;
    const id = details.closest(".project-row").id.replace("project-", "");
    const name = document.getElementById(`n${id}`).textContent;
    const form = template.content.firstElementChild.cloneNode(true);
    const text = form.elements.text;
    form.elements.project.value = id;
    // "ความเห็นต่อ" and the row's name: what a screen reader (and a test) calls the box.
    text.setAttribute("aria-label", `${text.getAttribute("aria-label")} ${name}`);
    details.append(form);
  }

  // "toggle" does not bubble: one listener in the capture phase serves every row.
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details.open && details.matches("details.project-comments")) addForm(details);
  }, true);
  document.querySelectorAll("details.project-comments[open]").forEach(addForm);
})();
