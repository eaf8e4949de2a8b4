// The month picker: 12 checkboxes in fiscal order (ต.ค. … ก.ย.), usable by mouse,
// touch and keyboard (they are real checkboxes). Shortcuts set a preset range.
// A range: press "เลือกเป็นช่วง" then tap the first and last month, or
// Shift+click the last month. Without JavaScript the checkboxes still work.
document.querySelectorAll("[data-months-picker]").forEach((picker) => {
  const boxes = Array.from(picker.querySelectorAll("input[data-month]"));
  const rangeButton = picker.querySelector("[data-range-mode]");
  let last = null;
  let rangeStart = null;

  const setRange = (from, to, checked) => {
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    boxes.forEach((box) => {
      const month = Number(box.dataset.month);
      if (month >= lo && month <= hi) box.checked = checked;
    });
  };

  const setRangeMode = (on) => {
    rangeStart = null;
    rangeButton.setAttribute("aria-pressed", String(on));
    rangeButton.classList.toggle("active", on);
    picker.dataset.rangeMode = on ? "on" : "";
  };

  boxes.forEach((box) => {
    box.addEventListener("click", (event) => {
      const month = Number(box.dataset.month);
      if (picker.dataset.rangeMode === "on") {
        if (rangeStart === null) {
          rangeStart = month;
          box.checked = true;
        } else {
          setRange(rangeStart, month, true);
          setRangeMode(false);
        }
      } else if (event.shiftKey && last !== null) {
        setRange(last, month, box.checked);
      }
      last = month;
    });
  });

  picker.querySelectorAll("button[data-months]").forEach((button) => {
    button.addEventListener("click", () => {
      boxes.forEach((box) => (box.checked = false));
      const range = button.dataset.months;
      if (range) {
        const [from, to] = range.split("-").map(Number);
        setRange(from, to, true);
      }
      last = null;
      setRangeMode(false);
    });
  });

  rangeButton?.addEventListener("click", () => setRangeMode(picker.dataset.rangeMode !== "on"));
});
