"""The report's content, section by section, as flowables: most important first.

Page 1 is what a busy manager reads: the broker, the recommendation in large type, the
table with each item's basis, the chart of the composition and the notes. Then the
measures by DIN SPEC 27076 topic, the insurers' services, the next steps and where the
figures come from; last the annex with every answer and the status information.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_percent
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bot.report.chart import Bar, composition_chart
from bot.report.source import ReportInput
from bot.report.style import (
    ACCENT,
    BODY,
    BROKER,
    BULLET,
    CELL,
    CELL_AMOUNT,
    CELL_AMOUNT_BOLD,
    CELL_BASIS,
    CELL_BOLD,
    CELL_MEASURE,
    FIGURE,
    FIGURE_LABEL,
    HEADING,
    INK,
    MARK,
    MUTED_SMALL,
    PANEL,
    RIGHT,
    RULE,
    SMALL,
    SMALL_BULLET,
    STATUS,
    SUBHEADING,
    TITLE,
    Writer,
    printable,
)
from dialogs.answers import display
from dialogs.flow import path
from dialogs.measures import Measure
from dialogs.replies import Msg, TableRow
from dialogs.sheet import ResultSheet, result_sheet
from dialogs.table import RECOMMENDED
from dialogs.texts.formatting import locale_name, long_date, money
from dialogs.topics import TopicResult
from dialogs.why import why_lines


def _coloured(markup: str, colour: Color) -> str:
    """Bold text in a colour (a topic's status, an obligation or TOP mark)."""
    return f'<font color="#{colour.hexval()[2:]}"><b>{markup}</b></font>'


def escaped(value: str) -> str:
    """A value from outside the catalogue (a name, the status information) as safe markup."""
    return printable(html.escape(value)).replace("\n", "<br/>")


def _new_page() -> CondPageBreak:
    """A new page for the next part, unless the previous one spilled over onto a fresh page."""
    return CondPageBreak(A4[1] * 0.55)


class Sections:
    """Builds the flowables of one report."""

    def __init__(self, source: ReportInput, width: float) -> None:
        self.source = source
        self.width = width
        self.writer = Writer(source.language, source.country)
        self.sheet: ResultSheet = result_sheet(source.answers, source.result)

    # --- helpers ---------------------------------------------------------------------------

    def para(self, message: Msg, style: ParagraphStyle = BODY) -> Paragraph:
        return Paragraph(self.writer.markup(message), style)

    def money(self, euros: int) -> str:
        return printable(money(euros, self.source.language, self.source.country))

    def when(self, moment: datetime) -> str:
        local = moment.astimezone(ZoneInfo(self.source.zone))
        day = long_date(local, self.source.language, self.source.country)
        return f"{day}, {local:%H:%M}"

    def bullets(self, messages: list[Msg], style: ParagraphStyle = BULLET) -> list[Flowable]:
        return [Paragraph(self.writer.markup(m), style, bulletText="•") for m in messages]

    # --- page 1 ----------------------------------------------------------------------------

    def first_page(self) -> list[Flowable]:
        story: list[Flowable] = [self._letterhead(), Spacer(1, 6 * mm)]
        story.append(self.para(Msg("report.title"), TITLE))
        if self.source.prospect_name:
            name = Msg("report.prepared_for", {"name": self.source.prospect_name})
            story.append(self.para(name, BODY))
        story += [Spacer(1, 4 * mm), self._recommendation(), Spacer(1, 2 * mm)]
        story.append(self.para(Msg("report.table.title"), HEADING))
        story.append(self._table())
        story.append(self.para(Msg("report.chart.title"), SUBHEADING))
        story.append(self._chart())
        if self.sheet.notes:
            story.append(self.para(Msg("report.notes.title"), SUBHEADING))
            story += self.bullets(list(self.sheet.notes), SMALL_BULLET)
        return story

    def _letterhead(self) -> Table:
        source = self.source
        left: list[Flowable] = [Paragraph(escaped(source.broker_name), BROKER)]
        if source.broker_contact:
            left.append(Paragraph(escaped(source.broker_contact), MUTED_SMALL))
        day = long_date(source.prepared_on, source.language, source.country)
        right = [self.para(Msg("report.date", {"date": day}), RIGHT)]
        if source.lead_number is not None:
            right.append(self.para(Msg("report.lead", {"number": str(source.lead_number)}), RIGHT))
        table = Table([[left, right]], colWidths=[self.width * 0.64, self.width * 0.36])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ]
            )
        )
        return table

    def _recommendation(self) -> Table:
        figure = Paragraph(self.money(self.sheet.result.tier), FIGURE)
        cells = [
            [self.para(Msg("report.recommendation"), FIGURE_LABEL)],
            [figure],
            [self.para(self.sheet.need, BODY)],
        ]
        table = Table(cells, colWidths=[self.width])
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                    ("TOPPADDING", (0, 0), (-1, 0), 4 * mm),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 4 * mm),
                    ("TOPPADDING", (0, 1), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -2), 1),
                ]
            )
        )
        return table

    def _table(self) -> Table:
        header = [
            self.para(Msg(key), CELL_BOLD)
            for key in ("report.table.item", "report.table.basis", "report.table.amount")
        ]
        header[2] = Paragraph(self.writer.markup(Msg("report.table.amount")), CELL_AMOUNT_BOLD)
        rows: list[list[Any]] = [header]
        commands: list[Any] = [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0.8 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8 * mm),
        ]
        for number, row in enumerate(self.sheet.rows, start=1):
            rows.append(self._row(row))
            if row.emphasis:
                commands.append(("LINEABOVE", (0, number), (-1, number), 0.6, RULE))
            if row.key == RECOMMENDED:
                commands.append(("BACKGROUND", (0, number), (-1, number), PANEL))
        widths = [self.width * 0.36, self.width * 0.44, self.width * 0.20]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table

    def _row(self, row: TableRow) -> list[Flowable]:
        bold = row.emphasis
        basis = self.writer.markup(row.basis) if row.basis else ""
        return [
            Paragraph(self.writer.markup(row.label), CELL_BOLD if bold else CELL),
            Paragraph(basis, CELL_BASIS),
            Paragraph(self.money(row.amount), CELL_AMOUNT_BOLD if bold else CELL_AMOUNT),
        ]

    def _chart(self) -> Flowable:
        result = self.sheet.result
        items = {item.key for item in result.items}
        bars = [
            Bar(self.writer.plain(row.label), self.money(row.amount), row.amount, "item")
            for row in self.sheet.rows
            if row.key in items
        ]
        bars.append(
            Bar(
                self.writer.plain(Msg("item.surcharge")),
                self.money(result.surcharge),
                result.surcharge,
                "surcharge",
            )
        )
        if result.raised_to_client_damage:
            raised = result.recommended - result.total
            bars.append(
                Bar(
                    self.writer.plain(Msg("report.chart.raise")),
                    self.money(raised),
                    raised,
                    "raise",
                )
            )
        if result.tier > result.recommended:
            rounded = result.tier - result.recommended
            bars.append(
                Bar(
                    self.writer.plain(Msg("report.chart.rounding")),
                    self.money(rounded),
                    rounded,
                    "rounding",
                )
            )
        locale = locale_name(self.source.language, self.source.country)

        def share(part: float) -> str:
            return printable(format_percent(part, locale=locale))

        return composition_chart(bars, result.tier, self.width, share)

    # --- page 2: measures, services, next steps, the figures explained ---------------------

    def measures(self) -> list[Flowable]:
        security = self.sheet.security
        story: list[Flowable] = [_new_page(), self.para(Msg("report.measures.title"), HEADING)]
        story.append(self.para(Msg("report.measures.intro"), SMALL))
        story.append(Spacer(1, 3 * mm))
        story.append(self._topics())
        story.append(self.para(Msg("report.measures.legend"), MUTED_SMALL))
        if security.obligation_missing:
            story += [Spacer(1, 3 * mm), self._warning(Msg("measures.obligation"))]
        if not security.missing:
            story.append(self.para(Msg("measures.all_present"), BODY))
        if security.services:
            story.append(self.para(Msg("report.services.title"), SUBHEADING))
            story.append(self.para(Msg("report.services.intro"), SMALL))
            story += self.bullets([Msg(f"service.{s}") for s in security.services])
        broker = {"broker": self.source.broker_name}
        story.append(self.para(Msg("report.next.title"), SUBHEADING))
        story += self.bullets([Msg("report.next.broker", broker), Msg("report.next.check")])
        why = [
            self.para(Msg("why.title"), SUBHEADING),
            *self.bullets(list(why_lines()), SMALL_BULLET),
        ]
        story.append(KeepTogether(why))
        story += [Spacer(1, 3 * mm), self.para(Msg("summary.disclaimer"), MUTED_SMALL)]
        return story

    def _topics(self) -> Table:
        header = [
            self.para(Msg(key), CELL_BOLD)
            for key in (
                "report.measures.topic",
                "report.measures.status",
                "report.measures.missing",
            )
        ]
        rows: list[list[Any]] = [header]
        commands: list[Any] = [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ]
        for number, topic in enumerate(self.sheet.security.topics, start=1):
            rows.append(self._topic(topic))
            commands.append(("LINEBELOW", (0, number), (-1, number), 0.4, RULE))
            commands.append(("BACKGROUND", (1, number), (1, number), STATUS[topic.status][1]))
        widths = [self.width * 0.29, self.width * 0.13, self.width * 0.58]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table

    def _topic(self, topic: TopicResult) -> list[Any]:
        word = self.writer.markup(Msg(f"report.status.{topic.status}"))
        status = Paragraph(_coloured(word, STATUS[topic.status][0]), CELL)
        missing: list[Flowable] = [self._measure(m) for m in topic.missing]
        if not missing:
            missing = [self.para(Msg("report.measures.none"), CELL)]
        return [self.para(Msg(f"topic.{topic.key}"), CELL_BOLD), status, missing]

    def _measure(self, measure: Measure) -> Paragraph:
        kinds = [kind for kind, on in (("knockout", measure.knockout), ("top", measure.top)) if on]
        tags = [
            _coloured(self.writer.markup(Msg(f"report.mark.{kind}")), MARK[kind]) for kind in kinds
        ]
        label = self.writer.markup(Msg(f"measure.{measure.key}.label"))
        why = self.writer.markup(Msg(f"measure.{measure.key}.why"))
        marks = f" · {' · '.join(tags)}" if tags else ""
        return Paragraph(f"<b>{label}</b>{marks}<br/>{why}", CELL_MEASURE)

    def _warning(self, message: Msg) -> Table:
        table = Table([[self.para(message, BODY)]], colWidths=[self.width])
        table.setStyle(
            TableStyle(
                [
                    ("LINEBEFORE", (0, 0), (0, -1), 3, MARK["knockout"]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ]
            )
        )
        return table

    # --- annex -----------------------------------------------------------------------------

    def annex(self) -> list[Flowable]:
        source = self.source
        story: list[Flowable] = [_new_page(), self.para(Msg("report.annex.title"), HEADING)]
        story.append(self.para(Msg("report.annex.answers"), SUBHEADING))
        story.append(self._answers())
        formula = Msg("report.annex.formula", {"version": source.formula_version})
        story += [Spacer(1, 2 * mm), self.para(formula, MUTED_SMALL)]
        if source.status_info:
            story.append(self.para(Msg("report.annex.status_info"), SUBHEADING))
            story += [
                Paragraph(escaped(part.strip()), SMALL)
                for part in source.status_info.split("\n\n")
                if part.strip()
            ]
            if source.status_info_sent_at is not None:
                sent = Msg(
                    "report.annex.status_info_sent", {"when": self.when(source.status_info_sent_at)}
                )
                story.append(self.para(sent, MUTED_SMALL))
        if source.consented_at is not None:
            consent = Msg(
                "report.annex.consent",
                {"broker": source.broker_name, "when": self.when(source.consented_at)},
            )
            story += [Spacer(1, 2 * mm), self.para(consent, SMALL)]
        return story

    def _answers(self) -> Table:
        answers = self.source.answers
        rows: list[list[Flowable]] = [
            [
                self.para(Msg("report.annex.question"), CELL_BOLD),
                self.para(Msg("report.annex.answer"), CELL_BOLD),
            ]
        ]
        for key in path(dict(answers)):
            if key in answers:
                question = self.para(Msg(f"q.{key}.short"), CELL)
                answer = Paragraph(
                    self.writer.markup(Msg("answer.list", {"items": display(key, answers[key])})),
                    CELL,
                )
                rows.append([question, answer])
        table = Table(rows, colWidths=[self.width * 0.45, self.width * 0.55], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ]
            )
        )
        return table
