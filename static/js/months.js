// The month picker: 12 checkboxes in fiscal order (ต.ค. … ก.ย.). Shortcuts set a
// range; Shift+click (or Shift+Space) selects every month between the last one
// toggled and this one. Without JavaScript the checkboxes still work.
document.querySelectorAll("[data-months-picker]").forEach((picker) => {
  const boxes = Array.from(picker.querySelectorAll("input[data-month]"));
  let last = null;

  const setRange = (from, to, checked) => {
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    boxes.forEach((box) => {
      const month = Number(box.dataset.month);
      if (month >= lo && month <= hi) box.checked = checked;
    });
  };

  boxes.forEach((box) => {
    box.addEventListener("click", (event) => {
      const month = Number(box.dataset.month);
      if (event.shiftKey && last !== null) setRange(last, month, box.checked);
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
    });
  });
});
