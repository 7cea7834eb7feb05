"""QR labels: the printed code is the device's address, the sheet fits label paper, and an
agent picks the devices of a customer's sites and saves the PDF."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from dispatch_console.services import Services
from dispatch_console.ui.labels.dialog import LabelsDialog
from dispatch_console.ui.labels.sheet import (
    COLUMNS,
    ROWS,
    Label,
    cell,
    label_url,
    paint_label,
    qr_matrix,
    write_pdf,
)
from dispatch_console.ui.tasks import TaskRunner

URL = "https://service.example.com/r/Zq3x_8vKpW2mN5tR7yB1cD4f"


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def test_the_printed_code_is_the_devices_address(qapp: object) -> None:
    """Reads the painted label back module by module: it is the code for the URL."""
    rect = cell(0)
    image = QImage(int(rect.right()) + 1, int(rect.bottom()) + 1, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    code = paint_label(painter, rect, Label(URL, "HP LaserJet M404", "CN12345678", "Plant 1"))
    painter.end()
    matrix = qr_matrix(URL)
    n = len(matrix)
    module = code.width() / n
    assert module >= 8  # 300 dpi: each module is several printer dots wide, scannable
    read = [
        [image.pixelColor(int(code.left() + (x + 0.5) * module),
                          int(code.top() + (y + 0.5) * module)).lightness() < 128
         for x in range(n)]
        for y in range(n)
    ]  # fmt: skip
    assert read == matrix
    assert label_url("https://service.example.com/", "abc") == "https://service.example.com/r/abc"


def test_the_sheet_fits_a4_label_paper(qapp: object, tmp_path: Path) -> None:
    labels = [Label(f"{URL}{i}", "Lift", f"SN{i}", "Tower A") for i in range(COLUMNS * ROWS + 6)]
    pdf = tmp_path / "labels.pdf"
    assert write_pdf(pdf, labels) == 2
    assert pdf.read_bytes().startswith(b"%PDF") and _pages(pdf) == 2
    last = cell(COLUMNS * ROWS - 1)
    assert last.right() <= 210 / 25.4 * 300 and last.bottom() <= 297 / 25.4 * 300


def test_an_agent_prints_the_labels_of_a_customers_devices(
    qtbot: QtBot, backend: Services, tmp_path: Path
) -> None:
    customer = backend.create_customer("Acme 上海", ["13812345678"])
    plant = backend.create_site("Plant 1", "1 Road", lat=31.2, lon=121.4, customer_id=customer.id)
    depot = backend.create_site("Depot", "9 Dock", lat=31.3, lon=121.5, customer_id=customer.id)
    printers = [backend.create_asset(plant.id, "HP M404", f"CN{i}") for i in range(2)]
    lift = backend.create_asset(depot.id, "KONE MonoSpace", "KN-77")
    runner = TaskRunner()
    dialog = LabelsDialog(backend, runner, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.search, "Acme")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    dialog.results.itemActivated.emit(dialog.results.item(0))
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2, timeout=5000)
    assert dialog.save_button.isEnabled() and "3 label(s)" in dialog.status.text()
    dialog.tree.topLevelItem(0).child(1).setCheckState(0, Qt.CheckState.Unchecked)
    assert "2 label(s)" in dialog.status.text()

    pdf = tmp_path / "acme.pdf"
    assert dialog.save(pdf) == 0 and not pdf.exists()  # no address yet: said, not guessed
    assert "Enter the address" in dialog.status.text()
    dialog.address.setText("https://service.acme.cn")
    with qtbot.waitSignal(dialog.address_changed) as remembered:
        assert dialog.save(pdf) == 1
    assert remembered.args == ["https://service.acme.cn"]
    assert [lb.url for lb in dialog.chosen()] == [
        f"https://service.acme.cn/r/{printers[0].qr_token}",
        f"https://service.acme.cn/r/{lift.qr_token}",
    ]
    assert _pages(pdf) == 1 and "Saved 2 label(s)" in dialog.status.text()
    runner.wait()
