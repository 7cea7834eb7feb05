"""The supervisor's dashboard for a period: four figures (satisfaction, first-time fix, callbacks
done, on time), the satisfaction trend by day, and each technician's average score."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.callbacks import CallbackStats
from ..widgets import named

BLUE = QColor("#1565c0")
TECHNICIANS_SHOWN = 12  # the lowest-rated first: who needs a word
MIN_ANSWERS = 3  # one unhappy customer does not put a technician at the top of the chart


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class Figure(QLabel):
    """A big number with its caption."""

    def __init__(self, caption: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.caption = caption
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            "QLabel { background:#f5f7fa; border:1px solid #dde3ea; border-radius:6px;"
            " padding:8px; }"
        )
        self.set_value("—")

    def set_value(self, value: str, detail: str = "") -> None:
        small = f"<br><span style='color:#607d8b'>{detail}</span>" if detail else ""
        self.setText(
            f"<span style='font-size:20pt; font-weight:600'>{value}</span><br>{self.caption}{small}"
        )


class Dashboard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.satisfaction = Figure(self.tr("Average satisfaction"), "kpi_satisfaction")
        self.first_time = Figure(self.tr("Fixed the first time"), "kpi_ftf")
        self.completion = Figure(self.tr("Callbacks done"), "kpi_completion")
        self.on_time = Figure(self.tr("Done on time"), "kpi_on_time")
        figures = QHBoxLayout()
        for figure in (self.satisfaction, self.first_time, self.completion, self.on_time):
            figures.addWidget(figure)
        self.trend = QChart()
        self.trend.setTitle(self.tr("Satisfaction by day"))
        self.trend.legend().hide()
        self.trend.setMargins(QMargins(4, 4, 4, 4))
        self.scores = QChart()
        self.scores.setTitle(
            self.tr("Technicians' average score (lowest first, 3 answers or more)")
        )
        self.scores.legend().hide()
        self.scores.setMargins(QMargins(4, 4, 4, 4))
        self.trend_view = named(QChartView(self.trend), "chart_trend")
        self.scores_view = named(QChartView(self.scores), "chart_technicians")
        for view in (self.trend_view, self.scores_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(220)
        charts = QGridLayout()
        charts.addWidget(self.trend_view, 0, 0)
        charts.addWidget(self.scores_view, 0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addLayout(charts, 1)

    def show_stats(self, stats: CallbackStats) -> None:
        answers = sum(n for _, _, n in stats.satisfaction_by_day)
        average = (
            sum(avg * n for _, avg, n in stats.satisfaction_by_day) / answers if answers else None
        )
        self.satisfaction.set_value(
            "—" if average is None else f"{average:.2f}",
            self.tr("%n answer(s)", "", answers),
        )
        self.first_time.set_value(
            _percent(stats.first_time_fix_rate),
            self.tr("of %n resolved ticket(s)", "", stats.resolved_tickets),
        )
        self.completion.set_value(
            _percent(stats.completion_rate),
            self.tr("%1 of %2 due").replace("%1", str(stats.callbacks_done))
            .replace("%2", str(stats.callbacks_due)),
        )  # fmt: skip
        self.on_time.set_value(_percent(stats.timeliness))
        self._trend(stats)
        self._technicians(stats)

    def _trend(self, stats: CallbackStats) -> None:
        _empty(self.trend)
        series = QLineSeries()
        series.setColor(BLUE)
        series.setPointsVisible(True)
        for day, average, _n in stats.satisfaction_by_day:
            when = QDateTime.fromString(day, "yyyy-MM-dd")
            series.append(when.toMSecsSinceEpoch(), average)
        self.trend.addSeries(series)
        x = QDateTimeAxis()
        x.setFormat("MM-dd")
        x.setTickCount(min(8, max(2, len(stats.satisfaction_by_day))))
        y = QValueAxis()
        y.setRange(1, 5)
        y.setTickCount(5)
        y.setLabelFormat("%d")
        self.trend.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.trend.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _technicians(self, stats: CallbackStats) -> None:
        _empty(self.scores)
        rated = [t for t in stats.technicians if t.callbacks >= MIN_ANSWERS] or stats.technicians
        shown = list(reversed(rated[:TECHNICIANS_SHOWN]))  # bars draw bottom-up
        bars = QBarSet(self.tr("Average"))
        bars.setColor(BLUE)
        for tech in shown:
            bars.append(tech.average or 0)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(2)
        self.scores.addSeries(series)
        names = QBarCategoryAxis()
        names.append([f"{t.name} ({t.callbacks})" for t in shown])
        values = QValueAxis()
        values.setRange(0, 5)
        values.setTickCount(6)
        values.setLabelFormat("%d")
        self.scores.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        self.scores.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)


def _empty(chart: QChart) -> None:
    """Series and axes out, before the period's are drawn."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
