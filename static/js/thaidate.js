// Date boxes in Thai: <input data-thai-date> (thai.forms.DateInput) shows 26/11/2569 and
// the server reads what is typed (thai.format.parse_date_input). This adds a button
// beside each box that opens a calendar with Thai month names and Buddhist-era years
// (docs/adr/0035-thai-dates-and-our-own-picker.md). No inline style: the Content-
// Security-Policy forbids it; the calendar is placed by classes in opplan.css.
(function () {
  "use strict";
  const MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  const ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
    "ต.ค.", "พ.ย.", "ธ.ค."];
  const WEEKDAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  const BE = 543;
  const pad = (n) => String(n).padStart(2, "0");
  const arabic = (text) => text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));

  // The date in the box, if it reads as one (the server's rules, in short).
  function read(text) {
    const t = arabic(text).trim().replace(/\s+/g, " ");
    let m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    let day, month, year;
    if (m) [year, month, day] = [m[1], m[2], m[3]];
    else if ((m = t.match(/^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/))) {
      [day, month, year] = [m[1], m[2], m[3]];
    } else if ((m = t.match(/^(\d{1,2})\s*([\u0e01-\u0e5b.]+?)\s*(?:พ\.?\s*ศ\.?)?\s*(\d{2}|\d{4})$/))) {
      const bare = m[2].replace(/\./g, "");
      const index = MONTHS.findIndex((name, i) => name === bare || ABBR[i].replace(/\./g, "") === bare);
      if (index < 0) return null;
      [day, month, year] = [m[1], index + 1, m[3]];
    } else return null;
    let y = Number(year);
    if (String(year).length === 2) y += 2500;
    if (y >= 2400) y -= BE;
    const d = new Date(y, Number(month) - 1, Number(day));
    return d.getMonth() === Number(month) - 1 ? d : null;
  }

  function option(value, text, selected) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    o.selected = selected;
    return o;
  }

  function enhance(input) {
    const wrap = document.createElement("div");
    wrap.className = "thai-date";
    input.before(wrap);
    wrap.append(input);
    // Bootstrap shows an error only beside the box it belongs to: keep showing it.
    if (input.classList.contains("is-invalid")) {
      wrap.parentElement.querySelectorAll(".invalid-feedback").forEach((e) => e.classList.add("d-block"));
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary thai-date-open";
    button.textContent = "ปฏิทิน";
    // No aria-label naming the field: a label's text would then name two controls.
    button.title = "เลือกวันที่จากปฏิทิน (ปี พ.ศ.)";
    button.setAttribute("aria-expanded", "false");
    wrap.append(button);

    const panel = document.createElement("div");
    panel.className = "thai-cal card shadow";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "ปฏิทิน");
    wrap.append(panel);
    let shown = new Date();

    function pick(d) {
      input.value = `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear() + BE}`;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    }

    function draw() {
      panel.replaceChildren();
      const head = document.createElement("div");
      head.className = "thai-cal-head";
      const prev = document.createElement("button");
      prev.type = "button";
      prev.className = "btn btn-sm btn-light";
      prev.textContent = "‹";
      prev.setAttribute("aria-label", "เดือนก่อน");
      prev.addEventListener("click", () => { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); draw(); });
      const next = prev.cloneNode(true);
      next.textContent = "›";
      next.setAttribute("aria-label", "เดือนถัดไป");
      next.addEventListener("click", () => { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); draw(); });
      const month = document.createElement("select");
      month.className = "form-select form-select-sm";
      month.setAttribute("aria-label", "เดือน");
      MONTHS.forEach((name, i) => month.append(option(i, name, i === shown.getMonth())));
      month.addEventListener("change", () => { shown = new Date(shown.getFullYear(), Number(month.value), 1); draw(); });
      const year = document.createElement("select");
      year.className = "form-select form-select-sm";
      year.setAttribute("aria-label", "ปี พ.ศ.");
      const now = new Date().getFullYear();
      const from = Math.min(now - 10, shown.getFullYear());
      const to = Math.max(now + 5, shown.getFullYear());
      for (let y = from; y <= to; y++) year.append(option(y, `พ.ศ. ${y + BE}`, y === shown.getFullYear()));
      year.addEventListener("change", () => { shown = new Date(Number(year.value), shown.getMonth(), 1); draw(); });
      head.append(prev, month, year, next);

      const grid = document.createElement("div");
      grid.className = "thai-cal-grid";
      WEEKDAYS.forEach((name) => {
        const cell = document.createElement("span");
        cell.className = "thai-cal-weekday";
        cell.textContent = name;
        grid.append(cell);
      });
      const first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      const blank = ["", "d1", "d2", "d3", "d4", "d5", "d6"][first.getDay()];
      const chosen = read(input.value);
      const today = new Date();
      const days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      for (let n = 1; n <= days; n++) {
        const d = new Date(shown.getFullYear(), shown.getMonth(), n);
        const day = document.createElement("button");
        day.type = "button";
        day.className = "thai-cal-day";
        if (n === 1 && blank) day.classList.add(`thai-cal-start-${blank}`);
        if (chosen && d.getTime() === chosen.getTime()) day.classList.add("is-chosen");
        if (d.toDateString() === today.toDateString()) day.classList.add("is-today");
        day.textContent = n;
        day.setAttribute("aria-label", `${n} ${MONTHS[d.getMonth()]} ${d.getFullYear() + BE}`);
        day.addEventListener("click", () => pick(d));
        grid.append(day);
      }
      const foot = document.createElement("div");
      foot.className = "thai-cal-foot";
      const todayButton = document.createElement("button");
      todayButton.type = "button";
      todayButton.className = "btn btn-sm btn-link";
      todayButton.textContent = "วันนี้";
      todayButton.addEventListener("click", () => pick(new Date(today.getFullYear(), today.getMonth(), today.getDate())));
      const closeButton = todayButton.cloneNode(true);
      closeButton.textContent = "ปิด";
      closeButton.addEventListener("click", () => { close(); button.focus(); });
      foot.append(todayButton, closeButton);
      panel.append(head, grid, foot);
    }

    function open() {
      const chosen = read(input.value) || new Date();
      shown = new Date(chosen.getFullYear(), chosen.getMonth(), 1);
      draw();
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      (panel.querySelector(".is-chosen") || panel.querySelector(".is-today") || panel.querySelector(".thai-cal-day")).focus();
    }

    function close() {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
    }

    button.addEventListener("click", () => (panel.hidden ? open() : close()));
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { close(); button.focus(); }
    });
    document.addEventListener("click", (event) => {
      if (!panel.hidden && !wrap.contains(event.target)) close();
    });
  }

  document.querySelectorAll("input[data-thai-date]").forEach(enhance);
})();
