"""Language of the console and the region phone numbers without a country code belong to."""

from __future__ import annotations

import phonenumbers
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ..widgets import named


class GeneralPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = named(QComboBox(), "language")
        self.language.addItem(self.tr("The system's language"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.region = named(QComboBox(), "region")
        # from the small code table: asking phonenumbers per region loads all its metadata
        calling = {
            region: code
            for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
            for region in regions
        }
        for region in sorted(phonenumbers.SUPPORTED_REGIONS):
            self.region.addItem(f"{region} (+{calling.get(region, '?')})", region)
        note = QLabel(self.tr("A new language applies the next time the console starts."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Phone numbers without a country code are in"), self.region)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)

    def load(self, language: str, region: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.region.setCurrentIndex(max(0, self.region.findData(region)))

    def values(self) -> tuple[str, str]:
        return self.language.currentData(), self.region.currentData()
