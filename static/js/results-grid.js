// The results grid (templates/results/grid.html): move like a spreadsheet, pick a status
// with one key, save each row as you leave it.
//
// Without this script every row is a plain form (its inputs carry form="f<lineage>") with
// its own "บันทึก" button, and Enter saves the row. With it:
//   Tab              the next cell (the browser's own order);
//   Enter            the same column of the next row (Shift+Enter: a new line in a text cell);
//   1–5 / ย อ ด ล ก  on a status cell, picks that status (docs/adr/0028);
//   leaving a row    saves it (fetch POST, JSON back): the row says บันทึกแล้ว or shows the
//                    Thai error under each wrong cell; a disbursement above the budget asks
//                    for confirmation before it is saved.
(function () {
  "use strict";
  const grid = document.getElementById("results-grid");
  if (!grid) return;
  const csrf = grid.dataset.csrf;
  const STATUS_KEYS = {
    1: "not_started", 2: "in_progress", 3: "done", 4: "cancelled", 5: "carried_over",
    "ย": "not_started", "อ": "in_progress", "ด": "done", "ล": "cancelled", "ก": "carried_over",
  };
  const CELLS = "select[data-col], input[data-col], textarea[data-col]";
  const state = new WeakMap(); // row → {dirty, saving, again, version}

  function rowState(row) {
    if (!state.has(row)) state.set(row, { dirty: false, saving: false, again: false, version: 0 });
    return state.get(row);
  }

  function show(row, text, kind) {
    const label = row.querySelector(".row-state");
    label.textContent = text;
    label.className = `row-state small text-${kind}`;
  }

  function showErrors(row, errors) {
    row.classList.toggle("row-error", Object.keys(errors).length > 0);
    row.querySelectorAll(CELLS).forEach((cell) => {
      const message = errors[cell.dataset.col] || "";
      cell.classList.toggle("is-invalid", Boolean(message));
      let feedback = row.querySelector(`[data-error="${cell.dataset.col}"]`);
      if (!feedback && message) {
        feedback = document.createElement("div");
        feedback.className = "invalid-feedback";
        feedback.dataset.error = cell.dataset.col;
        cell.after(feedback);
      }
      if (feedback) feedback.textContent = message;
    });
    let general = row.querySelector(".row-general-error");
    if (errors.row) {
      if (!general) {
        general = document.createElement("div");
        general.className = "row-general-error text-danger small";
        general.setAttribute("role", "alert");
        row.querySelector("th").append(general);
      }
      general.textContent = errors.row;
    } else if (general) {
      general.remove();
    }
  }

  function fill(row, values) {
    row.querySelectorAll(CELLS).forEach((cell) => {
      if (cell.dataset.col in values && document.activeElement !== cell) {
        cell.value = values[cell.dataset.col];
      }
    });
  }

  // The answer "yes, above the budget" goes with the next save of the row only.
  function confirmOverBudget(row, form, yes) {
    const name = `r${form.id.slice(1)}-confirm_over_budget`;
    let box = row.querySelector(`input[name="${name}"]`);
    if (!box && yes) {
      box = document.createElement("input");
      box.type = "hidden";
      box.name = name;
      box.value = "on";
      box.setAttribute("form", form.id);
      form.append(box);
    }
    if (box && box.type === "checkbox") box.checked = yes;
    else if (box && !yes) box.remove();
  }

  async function save(row) {
    const s = rowState(row);
    if (s.saving) {
      s.again = true;
      return;
    }
    s.saving = true;
    s.dirty = false;
    const version = s.version;
    const form = document.getElementById(`f${row.id.replace("row-", "")}`);
    show(row, "กำลังบันทึก…", "secondary");
    let answer;
    try {
      const response = await fetch(row.dataset.url, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
        credentials: "same-origin",
      });
      answer = await response.json();
    } catch (error) {
      s.saving = false;
      s.dirty = true;
      show(row, "บันทึกไม่ได้ (การเชื่อมต่อ) — จะลองใหม่เมื่อออกจากแถว", "danger");
      return;
    }
    s.saving = false;
    if (answer.ok) {
      showErrors(row, {});
      if (s.version === version) fill(row, answer.values);
      confirmOverBudget(row, form, false);
      show(row, "บันทึกแล้ว", "success");
    } else if (answer.confirm) {
      if (window.confirm(`${answer.confirm}\n\nยืนยันว่าเบิกจ่ายจำนวนนี้ถูกต้องหรือไม่`)) {
        confirmOverBudget(row, form, true);
        s.again = true;
      } else {
        showErrors(row, answer.errors);
        show(row, "ยังไม่บันทึก: เบิกจ่ายเกินงบประมาณ", "danger");
        s.dirty = true;
      }
    } else {
      showErrors(row, answer.errors || {});
      show(row, "บันทึกไม่ได้", "danger");
      s.dirty = true;
    }
    if (s.again) {
      s.again = false;
      save(row);
    }
  }

  grid.addEventListener("input", (event) => {
    const row = event.target.closest("tr.grid-row[data-url]");
    if (!row) return;
    const s = rowState(row);
    s.dirty = true;
    s.version += 1;
    if (!s.saving) show(row, "ยังไม่บันทึก", "secondary");
  });
  grid.addEventListener("change", (event) => {
    if (event.target.matches("select[data-col]")) {
      event.target.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  grid.addEventListener("focusout", (event) => {
    const row = event.target.closest("tr.grid-row[data-url]");
    if (!row) return;
    const next = event.relatedTarget;
    if (next && row.contains(next)) return;
    if (rowState(row).dirty) save(row);
  });

  // The row's own button (and a plain Enter, before this script took Enter over).
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!/^f\d+$/.test(form.id)) return;
    const row = document.getElementById(`row-${form.id.slice(1)}`);
    if (!row || !row.dataset.url) return;
    event.preventDefault();
    save(row);
  });

  function move(cell, step) {
    const rows = Array.from(grid.querySelectorAll("tr.grid-row[data-url]"));
    let index = rows.indexOf(cell.closest("tr")) + step;
    while (index >= 0 && index < rows.length) {
      const target = rows[index].querySelector(`[data-col="${cell.dataset.col}"]`);
      if (target) {
        target.focus();
        if (target.select && target.tagName !== "SELECT") target.select();
        return true;
      }
      index += step;
    }
    return false;
  }

  grid.addEventListener("keydown", (event) => {
    const cell = event.target;
    if (!cell.matches || !cell.matches(CELLS)) return;
    if (event.key === "Enter" && !event.isComposing) {
      if (cell.tagName === "TEXTAREA" && event.shiftKey) return;
      event.preventDefault();
      if (!move(cell, event.shiftKey ? -1 : 1)) {
        const row = cell.closest("tr");
        if (rowState(row).dirty) save(row);
      }
      return;
    }
    if (cell.dataset.col === "status" && !event.ctrlKey && !event.altKey && !event.metaKey
        && Object.prototype.hasOwnProperty.call(STATUS_KEYS, event.key)) {
      event.preventDefault();
      if (cell.value !== STATUS_KEYS[event.key]) {
        cell.value = STATUS_KEYS[event.key];
        cell.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  });

  // Textareas grow with what is typed (one line until there is more).
  grid.addEventListener("input", (event) => {
    const box = event.target;
    if (box.tagName !== "TEXTAREA") return;
    box.rows = Math.min(6, Math.max(1, box.value.split("\n").length));
  });

  window.addEventListener("beforeunload", (event) => {
    const pending = Array.from(grid.querySelectorAll("tr.grid-row[data-url]"))
      .some((row) => state.has(row) && (state.get(row).dirty || state.get(row).saving));
    if (pending) event.preventDefault();
  });
})();
