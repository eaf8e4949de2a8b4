"""The rows of the results grid (templates/results/grid.html), rendered here.

A round has up to a few thousand rows of six inputs each; written as template tags they
cost about 60 variable lookups a row and 1.6 s for 1,000 rows. Each row is one
format_html() of the markup below instead (0.2 s; `make bench`, docs/adr/0028). The
page around the rows stays a template. Everything typed is escaped by format_html.

Without JavaScript each row is a plain form: its inputs carry form="f<lineage>", its
button posts it, and Enter in a cell submits it. static/js/results-grid.js adds the
keyboard moves and saving as you leave a row.
"""

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from results.forms import GRID_STATUS_CHOICES
from thai.format import format_money

FIELDS = ("status", "disbursed", "contract_amount", "progress", "problems", "suggestions")
EMPTY = dict.fromkeys(FIELDS, "")


@dataclass
class GridRow:
    number: int
    project: object
    result: object  # None: not reported yet
    editable: bool
    url: str  # the row's endpoint (results:row_save)
    photos: int = 0
    values: dict = field(default_factory=lambda: dict(EMPTY))
    errors: dict = field(default_factory=dict)
    confirm: str = ""  # the over-budget question, when a plain post must answer it

    @property
    def lineage(self):
        return self.project.lineage


def values_of(result) -> dict:
    """What a row's cells show for a saved result (or an empty row)."""
    if result is None:
        return dict(EMPTY)
    return {
        "status": result.status,
        "disbursed": format_money(result.disbursed),
        "contract_amount": ""
        if result.contract_amount is None
        else format_money(result.contract_amount),
        "progress": "" if result.progress is None else str(result.progress),
        "problems": result.problems,
        "suggestions": result.suggestions,
    }


def _selected(flag):
    return mark_safe(" selected") if flag else ""


def status_options() -> dict:
    """The <option>s of the status cell with each status selected, built once a page."""
    options = {}
    for chosen in ("", *(key for key, _ in GRID_STATUS_CHOICES)):
        parts = [format_html('<option value=""{}>— เลือก —</option>', _selected(chosen == ""))]
        parts += [
            format_html('<option value="{}"{}>{}</option>', key, _selected(key == chosen), label)
            for key, label in GRID_STATUS_CHOICES
        ]
        options[chosen] = SafeString("".join(parts))
    return options


HEAD = (
    '<tr id="row-{key}" class="grid-row{row_error}" data-testid="grid-row"{data_url}>'
    '<th scope="row" class="col-project">{number}. <span id="n{key}">{name}</span>'
    '<div class="small text-secondary fw-normal">{department} · งบ '
    '<span class="money">{budget}</span></div>{form}{general}</th>'
)
FORM = (
    '<form id="f{key}" method="post" action="{url}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">{department}</form>'
)
SELECT = (
    '<td><select name="r{key}-status" form="f{key}" class="form-select form-select-sm{invalid}"'
    ' aria-label="สถานะ" aria-describedby="n{key}" data-col="status">{options}</select>'
    "{feedback}</td>"
)
INPUT = (
    '<td><input name="r{key}-{name}" form="f{key}" value="{value}" inputmode="{mode}"'
    ' class="form-control form-control-sm{money}{invalid}" aria-label="{label}"'
    ' aria-describedby="n{key}" data-col="{name}">{feedback}{extra}</td>'
)
TEXT = (
    '<td><textarea name="r{key}-{name}" form="f{key}" rows="1"'
    ' class="form-control form-control-sm{invalid}" aria-label="{label}"'
    ' aria-describedby="n{key}" data-col="{name}">{value}</textarea>{feedback}</td>'
)
CONFIRM = (
    '<label class="confirm-over small"><input type="checkbox" name="r{key}-confirm_over_budget"'
    ' form="f{key}"> ยืนยันการเบิกจ่ายเกินงบประมาณ</label>'
)
TAIL = (
    '<td class="col-photos"><a href="{url}photos/" tabindex="-1">{photos} ภาพ</a></td>'
    '<td class="col-save">{save}</td></tr>'
)
SAVE = (
    '<span class="row-state small text-{tone}">{state}</span> '
    '<button form="f{key}" class="btn btn-sm btn-outline-primary row-save" tabindex="-1">'
    "บันทึก</button>"
)
READ = (
    '<td>{status}</td><td class="money">{disbursed}</td><td class="money">{contract}</td>'
    '<td class="text-end">{progress}</td><td class="small">{problems}</td>'
    '<td class="small">{suggestions}</td>'
)
LABELS = {
    "disbursed": "เบิกจ่าย (บาท)",
    "contract_amount": "วงเงินตามสัญญา (บาท)",
    "progress": "ความก้าวหน้า (ร้อยละ)",
    "problems": "ปัญหา อุปสรรค",
    "suggestions": "ข้อเสนอแนะ",
}


def _lines(text):
    """What was typed, escaped, its line breaks kept (the template's linebreaksbr)."""
    return SafeString(escape(text).replace("\n", "<br>"))


def _feedback(name, message):
    if not message:
        return ""
    return format_html('<div class="invalid-feedback" data-error="{}">{}</div>', name, message)


def render_row(row: GridRow, *, csrf: str, options: dict, department_input="") -> SafeString:
    """One <tr> of the grid: inputs for a row the viewer reports, text otherwise."""
    key, v, e = str(row.lineage), row.values, row.errors
    project = row.project
    head = format_html(
        HEAD,
        key=key,
        row_error=" row-error" if e else "",
        data_url=format_html(' data-url="{}"', row.url) if row.editable else "",
        number=str(row.number),
        name=project.name,
        department=project.department.name,
        budget=format_money(project.budget),
        form=format_html(FORM, key=key, url=row.url, csrf=csrf, department=department_input)
        if row.editable
        else "",
        general=format_html('<div class="text-danger small" role="alert">{}</div>', e["row"])
        if e.get("row")
        else "",
    )
    if row.editable:
        cells = [
            format_html(
                SELECT,
                key=key,
                invalid=" is-invalid" if e.get("status") else "",
                options=options.get(v["status"], options[""]),
                feedback=_feedback("status", e.get("status")),
            )
        ]
        for name in ("disbursed", "contract_amount", "progress"):
            cells.append(
                format_html(
                    INPUT,
                    key=key,
                    name=name,
                    value=v[name],
                    mode="numeric" if name == "progress" else "decimal",
                    money="" if name == "progress" else " money",
                    invalid=" is-invalid" if e.get(name) else "",
                    label=LABELS[name],
                    feedback=_feedback(name, e.get(name)),
                    extra=format_html(CONFIRM, key=key)
                    if name == "disbursed" and row.confirm
                    else "",
                )
            )
        for name in ("problems", "suggestions"):
            cells.append(
                format_html(
                    TEXT,
                    key=key,
                    name=name,
                    value=v[name],
                    invalid=" is-invalid" if e.get(name) else "",
                    label=LABELS[name],
                    feedback=_feedback(name, e.get(name)),
                )
            )
        if e:
            tone, state = "danger", "บันทึกไม่ได้"
        elif row.result is not None:
            tone, state = "success", "บันทึกแล้ว"
        else:
            tone, state = "secondary", "ยังไม่บันทึก"
        save = format_html(SAVE, key=key, tone=tone, state=state)
    else:
        result = row.result
        cells = [
            format_html(
                READ,
                status=result.get_status_display()
                if result
                else mark_safe('<span class="text-secondary">ยังไม่รายงาน</span>'),
                disbursed=v["disbursed"],
                contract=v["contract_amount"],
                progress=v["progress"],
                problems=_lines(v["problems"]),
                suggestions=_lines(v["suggestions"]),
            )
        ]
        save = mark_safe('<span class="small text-secondary">บันทึกแล้ว</span>') if result else ""
    tail = format_html(TAIL, url=row.url, photos=str(row.photos), save=save)
    return SafeString(head + "".join(cells) + tail)
