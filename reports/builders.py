"""Builders for the forms ผด.01, ผด.02 and ผด.02/1.

Each returns a frozen dataclass of raw values (Decimal, month numbers,
numbering) that the HTML/PDF templates and the XLSX renderer share. Their
inputs come from reports.sources: an announced edition's record, or the live
tables for a draft (one code path). A builder runs a fixed number of queries
whatever the plan's size.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from reports import sources
from reports.labels import DEFAULT_LABELS
from thai.collation import thai_sort_key
from thai.format import round_half_up

ZERO = Decimal("0.00")
DRAFT_MARK = "ร่าง"  # on every page of every document of an edition not yet announced


@dataclass(frozen=True)
class Header:
    """What every form prints above its table, and how it prints numbers."""

    form: str
    organization: str
    organization_slug: str
    location: str
    fiscal_year: int
    plan_title: str
    edition: str  # "" for the original plan, else e.g. "แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570"
    file_suffix: str
    thai_digits: bool
    labels: tuple = field(repr=True)
    is_draft: bool = False

    @property
    def label(self):
        return self.text(f"{self.form}_label")

    @property
    def title(self):
        return self.text(f"{self.form}_title")

    @property
    def marked_title(self):
        """The title as the workbook prints it: "ร่าง — บัญชี…" for a draft."""
        return f"{DRAFT_MARK} — {self.title}" if self.is_draft else self.title

    @property
    def plan_line(self):
        if self.edition:
            return self.text("edition_line", edition=self.edition, year=self.fiscal_year)
        return self.text("plan_line", year=self.fiscal_year)

    @property
    def organization_line(self):
        return f"{self.organization} {self.location}"

    @property
    def years(self):
        """The two พ.ศ. years over the month columns: (fiscal_year - 1, fiscal_year)."""
        return self.fiscal_year - 1, self.fiscal_year

    @property
    def month_years(self):
        """The two headings over the month columns: ("พ.ศ. 2569", "พ.ศ. 2570")."""
        return tuple(self.text("pd02_year", year=year) for year in self.years)

    def text(self, key, **values):
        """A label with its placeholders filled; the default wording if the saved one breaks."""
        text = dict(self.labels)[key]
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return DEFAULT_LABELS[key].format(**values)

    def strategy_line(self, number, name):
        return self.text("strategy_line", number=number, name=name)

    @property
    def t(self):
        """Labels by key for templates: {{ report.header.t.pd02_name }}."""
        return dict(self.labels)


CONSOLIDATED_EDITION = "แผนการดำเนินงาน ฉบับรวม (ฉบับแรกและฉบับเพิ่มเติม/แก้ไขที่ประกาศใช้แล้ว)"


def _header(source, form, consolidated=False) -> Header:
    if consolidated:
        edition, suffix = CONSOLIDATED_EDITION, "-consolidated"
    elif source.kind == "original":
        edition, suffix = "", ""
    else:
        edition, suffix = source.title, f"-{source.kind}-{source.number}"
    organization = source.organization
    return Header(
        form=form,
        organization=organization.name,
        organization_slug=source.organization_slug,
        location=organization.location,
        fiscal_year=source.fiscal_year,
        plan_title=source.title,
        edition=edition,
        file_suffix=suffix,
        thai_digits=organization.thai_digits,
        labels=source.labels,
        is_draft=source.is_draft,
    )


def _share(part, whole) -> Decimal:
    """part / whole in percent, 2 places, ROUND_HALF_UP; 0.00 when there is no whole."""
    if not whole:
        return ZERO
    return round_half_up(Decimal(part) * 100 / Decimal(whole))


def _source(plan, consolidated, source):
    """The edition's inputs (given by build_book), or the consolidated plan's live rows."""
    if consolidated:
        return sources.consolidated(plan)
    return source or sources.edition(plan)


def _rows(source, *, equipment):
    return [row for row in source.rows if row.is_equipment == equipment]


# --- ผด.01 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pd01Row:
    number: str
    name: str
    count: int
    count_share: Decimal
    budget: Decimal
    budget_share: Decimal
    units: tuple


@dataclass(frozen=True)
class Pd01Block:
    number: int
    name: str
    rows: tuple
    subtotal: Pd01Row


@dataclass(frozen=True)
class Pd01:
    header: Header
    blocks: tuple
    total: Pd01Row

    @property
    def is_empty(self):
        return not self.blocks


def _strategy(row):
    return row.strategy_number, row.strategy


def _units(projects):
    """Responsible units in order of first appearance."""
    return tuple(dict.fromkeys(p.department for p in projects))


def build_pd01(plan, *, consolidated=False, source=None) -> Pd01:
    """ผด.01: per strategy a row per แผนงาน and a "รวม" row, then "รวมทั้งสิ้น".

    Counts the ผด.02 projects (equipment rows belong to ผด.02/1). Both shares are
    of the grand totals, 2 places, ROUND_HALF_UP; printed shares need not add up
    to exactly 100.00.
    """
    source = _source(plan, consolidated, source)
    projects = _rows(source, equipment=False)
    total_count = len(projects)
    total_budget = sum((p.budget for p in projects), ZERO)

    def row(number, name, items):
        count = len(items)
        budget = sum((p.budget for p in items), ZERO)
        return Pd01Row(
            number=number,
            name=name,
            count=count,
            count_share=_share(count, total_count),
            budget=budget,
            budget_share=_share(budget, total_budget),
            units=_units(items),
        )

    blocks = []
    for (number, name), in_strategy in groupby(projects, key=_strategy):
        in_strategy = list(in_strategy)
        rows = tuple(
            row(f"{number}.{index}", program, list(items))
            for index, (program, items) in enumerate(
                groupby(in_strategy, key=lambda p: p.program), start=1
            )
        )
        blocks.append(
            Pd01Block(number=number, name=name, rows=rows, subtotal=row("", "", in_strategy))
        )
    return Pd01(
        header=_header(source, "pd01", consolidated),
        blocks=tuple(blocks),
        total=row("", "", projects),
    )


# --- ผด.02 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pd02Row:
    number: int
    name: str
    details: str
    budget: Decimal
    location: str
    unit: str
    months: tuple  # fiscal month numbers, 1 = ต.ค. … 12 = ก.ย.

    @property
    def month_flags(self):
        return tuple(n in self.months for n in range(1, 13))

    @property
    def bars(self):
        """Runs of consecutive planned months as (first, length), for month bars."""
        runs, start, previous = [], None, None
        for number in (*self.months, None):
            if start is not None and number == previous + 1:
                previous = number
                continue
            if start is not None:
                runs.append((start, previous - start + 1))
            start = previous = number
        return tuple(runs)


@dataclass(frozen=True)
class Pd02Program:
    number: str
    name: str
    rows: tuple

    @property
    def total(self):
        return sum((r.budget for r in self.rows), ZERO)


@dataclass(frozen=True)
class Pd02Strategy:
    number: int
    name: str
    programs: tuple


@dataclass(frozen=True)
class Pd02:
    header: Header
    strategies: tuple
    count: int
    total: Decimal

    @property
    def is_empty(self):
        return not self.strategies

    @property
    def sections(self):
        """The printed form in sections, each from the top of a new page (pd02_sections)."""
        return pd02_sections(self)


# A printed section holds at most this many rows: a ยุทธศาสตร์ that has more starts a new
# page at a แผนงาน, a แผนงาน that has more at a row (ADR 0024).
SECTION_ROWS = 200


@dataclass(frozen=True)
class Pd02Run:
    """Consecutive rows of one แผนงาน printed together (a long แผนงาน prints in several runs)."""

    program: Pd02Program
    rows: tuple
    opens: bool  # prints the แผนงาน's heading
    closes: bool  # prints the แผนงาน's "รวม" row


@dataclass(frozen=True)
class Pd02Section:
    """Rows printed from the top of a page: a ยุทธศาสตร์, or part of one past SECTION_ROWS."""

    strategy: Pd02Strategy
    opens: bool  # prints the ยุทธศาสตร์'s heading
    runs: tuple

    @property
    def size(self):
        return sum(len(run.rows) for run in self.runs)


def pd02_sections(report: Pd02, limit: int | None = None) -> tuple:
    """Where the printed ผด.02 starts new pages: at every ยุทธศาสตร์ and, inside one of more
    than `limit` (default SECTION_ROWS) rows, before the แผนงาน (or, in a แผนงาน of more than
    `limit` rows, the row) that would take the section past `limit`. Numbering and totals
    are the report's own.

    Sections are what a parallel render lays out separately (thai.pdf_parallel): decided by
    the report alone, never by the machine, so every render of a report has the same pages.
    """
    limit = limit or SECTION_ROWS
    sections = []
    for strategy in report.strategies:
        runs, size, opens = [], 0, True
        for program in strategy.programs:
            pieces = [program.rows[i : i + limit] for i in range(0, len(program.rows), limit)]
            for index, rows in enumerate(pieces):
                if runs and size + len(rows) > limit:
                    sections.append(Pd02Section(strategy, opens, tuple(runs)))
                    runs, size, opens = [], 0, False
                last = index == len(pieces) - 1
                runs.append(Pd02Run(program, rows, opens=index == 0, closes=last))
                size += len(rows)
        sections.append(Pd02Section(strategy, opens, tuple(runs)))
    return tuple(sections)


def _pd02_row(number, project) -> Pd02Row:
    return Pd02Row(
        number=number,
        name=project.name,
        details=project.details,
        budget=project.budget,
        location=project.location,
        unit=project.department,
        months=project.months,
    )


def build_pd02(plan, *, consolidated=False, source=None) -> Pd02:
    """ผด.02: "1. ยุทธศาสตร์…" then "1.1 แผนงาน…" blocks; ที่ restarts in each แผนงาน."""
    source = _source(plan, consolidated, source)
    projects = _rows(source, equipment=False)
    strategies = []
    for (number, name), in_strategy in groupby(projects, key=_strategy):
        programs = []
        for index, (program, items) in enumerate(
            groupby(in_strategy, key=lambda p: p.program), start=1
        ):
            rows = tuple(_pd02_row(n, p) for n, p in enumerate(items, start=1))
            programs.append(Pd02Program(f"{number}.{index}", program, rows))
        strategies.append(Pd02Strategy(number, name, tuple(programs)))
    return Pd02(
        header=_header(source, "pd02", consolidated),
        strategies=tuple(strategies),
        count=len(projects),
        total=sum((p.budget for p in projects), ZERO),
    )


# --- ผด.02/1 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pd021Row:
    number: int
    program: str
    category: str
    type: str
    target: str
    budget: Decimal
    unit: str
    months: tuple

    month_flags = Pd02Row.month_flags
    bars = Pd02Row.bars


@dataclass(frozen=True)
class Pd021Group:
    number: int
    type: str
    rows: tuple

    @property
    def total(self):
        return sum((r.budget for r in self.rows), ZERO)


@dataclass(frozen=True)
class Pd021:
    header: Header
    groups: tuple
    count: int
    total: Decimal

    @property
    def is_empty(self):
        return not self.groups


def build_pd021(plan, *, consolidated=False, source=None) -> Pd021:
    """ผด.02/1: equipment rows grouped by equipment type, types in Thai dictionary order."""
    source = _source(plan, consolidated, source)
    projects = _rows(source, equipment=True)
    by_type = {}
    for project in projects:
        by_type.setdefault(project.equipment_type, []).append(project)
    groups = []
    ordered = sorted(by_type.items(), key=lambda item: thai_sort_key(item[0]))
    for number, (kind, items) in enumerate(ordered, start=1):
        rows = tuple(
            Pd021Row(
                number=index,
                program=p.program,
                category=p.equipment_category,
                type=p.equipment_type,
                target=p.target or p.name,
                budget=p.budget,
                unit=p.department,
                months=p.months,
            )
            for index, p in enumerate(items, start=1)
        )
        groups.append(Pd021Group(number, kind, rows))
    return Pd021(
        header=_header(source, "pd021", consolidated),
        groups=tuple(groups),
        count=len(projects),
        total=sum((p.budget for p in projects), ZERO),
    )
