// Behaviour shared by every page, wired by data- attributes: the Content-Security-Policy
// allows no inline script or event-handler attribute (docs/adr/0026-logins-csp-and-passwords.md).
//
// <form data-confirm="คำถาม">        asks before submitting; Cancel keeps the page as it is.
// <button data-check="name">          ticks every checkbox called `name` in the button's form;
// <button data-uncheck="name">        … unticks them.
(function () {
  "use strict";

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const question = form.dataset ? form.dataset.confirm : undefined;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-check], [data-uncheck]");
    if (!button) return;
    const checked = button.hasAttribute("data-check");
    const name = checked ? button.dataset.check : button.dataset.uncheck;
    const scope = button.form || document;
    scope.querySelectorAll(`input[type=checkbox][name="${CSS.escape(name)}"]`)
      .forEach((box) => (box.checked = checked));
  });

  // A wide table scrolls in its own box (.table-scroll, .table-responsive, a form's .sheet):
  // when it does not fit, a hint under it says so (opplan.css shows .overflows + .scroll-hint).
  const markOverflow = () => document.querySelectorAll(".table-scroll, .table-responsive, .sheet")
    .forEach((box) => {
      const overflows = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("overflows", overflows);
      if (overflows && !(box.nextElementSibling || {}).matches?.(".scroll-hint")) {
        const hint = document.createElement("p");
        hint.className = "scroll-hint small text-secondary";
        hint.textContent = "ตารางกว้างกว่าจอ: เลื่อนในกรอบไปทางขวาเพื่อดูส่วนที่เหลือ →";
        box.after(hint);
      }
    });
  markOverflow();
  window.addEventListener("resize", markOverflow);
})();
