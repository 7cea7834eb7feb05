"""How calls reach this agent: nothing, a softphone's "run on incoming call", the PBX's manager
interface (Asterisk AMI, FreeSWITCH ESL) or an HTTP CTI webhook. The extension is what the PBX
rings for this agent; the screen-pop follows it. The desk's area code and the PBX's trunk prefixes
turn caller IDs in local form (62345678, 9 + ..., 17951 + ...) into the numbers customers have."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...config import Secrets, TelephonySettings
from ...domain.errors import ValidationError
from ...domain.phones import check_area_code, check_trunk_prefixes
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .fields import error_label, mark, validated
from .probes import Outcome, Probes


class TelephonyPage(QWidget):
    def __init__(
        self, probes: Probes, secrets: Secrets, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._probes = probes
        self._secrets = secrets
        self._test = Latest(runner, self)
        self.region = "CN"  # the dialog keeps it to the Language tab's (area codes depend on it)
        self.kind = named(QComboBox(), "telephony_kind")
        for kind, text in (
            ("none", self.tr("No telephony")),
            ("softphone", self.tr("Softphone hook (MicroSIP, Zoiper…)")),
            ("ami", self.tr("Asterisk (AMI)")),
            ("esl", self.tr("FreeSWITCH (event socket)")),
            ("webhook", self.tr("HTTP CTI webhook")),
            ("server", self.tr("The dispatch server (it connects to the PBX)")),
        ):
            self.kind.addItem(text, kind)
        self.extension = named(QLineEdit(), "extension")
        self.extension.setPlaceholderText(self.tr("e.g. 8001"))
        self.host = named(QLineEdit(), "pbx_host")
        self.port = named(QSpinBox(), "pbx_port")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("default"))
        self.username = named(QLineEdit(), "pbx_username")
        self.secret = named(QLineEdit(), "pbx_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.dial_url = named(QComboBox(), "dial_url")
        for scheme, text in (
            ("tel", self.tr("tel: (most softphones)")),
            ("sip", self.tr("sip:")),
            ("callto", self.tr("callto:")),
        ):
            self.dial_url.addItem(text, scheme)
        self.area_code = named(QLineEdit(), "area_code")
        self.area_code.setPlaceholderText(self.tr("e.g. 021"))
        self.area_code.setToolTip(
            self.tr("Callers in this area code arrive without it: 62345678 is 021 6234 5678.")
        )
        self.area_code.setMaxLength(6)
        self.trunk_prefixes = named(QLineEdit(), "trunk_prefixes")
        self.trunk_prefixes.setToolTip(
            self.tr(
                "Digits the PBX leaves in front of a caller's number: the outside line (9) and "
                "IP long-distance prefixes (17951, 17911 ...). Separate them with commas."
            )
        )
        self.webhook_port = named(QSpinBox(), "webhook_port")
        self.webhook_port.setRange(1024, 65535)
        self.hint = named(QLabel(), "telephony_hint")
        self.hint.setWordWrap(True)
        self.test_button = named(QPushButton(self.tr("Test connection")), "test_telephony")
        self.result = named(QLabel(), "telephony_result")
        self.result.setWordWrap(True)
        self.error = error_label("telephony_error")

        self.form = QFormLayout()
        self.form.addRow(self.tr("Calls come from"), self.kind)
        self.form.addRow(self.tr("My extension"), self.extension)
        self.form.addRow(self.tr("PBX address"), self.host)
        self.form.addRow(self.tr("Port"), self.port)
        self.form.addRow(self.tr("User"), self.username)
        self.form.addRow(self.tr("Secret"), self.secret)
        self.form.addRow(self.tr("Listen on port"), self.webhook_port)
        self.form.addRow(self.tr("Dial with"), self.dial_url)
        self.form.addRow(self.tr("Area code of this desk"), self.area_code)
        self.form.addRow(self.tr("Prefixes to strip"), self.trunk_prefixes)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.test_button.clicked.connect(self.test)

    def load(self, settings: TelephonySettings) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(settings.kind)))
        self.extension.setText(settings.extension)
        self.host.setText(settings.host)
        self.port.setValue(settings.port or 0)
        self.username.setText(settings.username)
        self.webhook_port.setValue(settings.webhook_port)
        self.dial_url.setCurrentIndex(max(0, self.dial_url.findData(settings.dial_url)))
        self.secret.setText(self._secrets.get(settings.secret_key) or "")
        self.area_code.setText(settings.area_code)
        self.trunk_prefixes.setText(", ".join(settings.trunk_prefixes))
        self._kind_changed()

    def settings(self) -> TelephonySettings | None:
        missing = self._missing()
        if missing:
            mark(self._fields(), "; ".join(f"{name}: missing" for name, _ in missing))
            self.error.setText(" ".join(text for _, text in missing))
            return None
        return validated(
            lambda: TelephonySettings(
                kind=self.kind.currentData(),
                host=self.host.text().strip(),
                port=self.port.value() or None,
                username=self.username.text().strip(),
                extension=self.extension.text(),
                webhook_port=self.webhook_port.value(),
                dial_url=self.dial_url.currentData(),
                area_code=self.area_code.text().strip(),
                trunk_prefixes=self.trunk_prefixes.text(),  # type: ignore[arg-type]
            ),
            self._fields(),
            self.error,
        )

    def _missing(self) -> list[tuple[str, str]]:
        """What the agent must still fill in, said in their language (pydantic's messages are
        the backstop for anything else)."""
        kind = self.kind.currentData()
        missing = []
        extension = self.extension.text().strip()
        if extension and not extension.isdigit():
            missing.append(("extension", self.tr("The extension is digits only, e.g. 8001.")))
        if kind in ("ami", "esl") and not self.host.text().strip():
            missing.append(("host", self.tr("Enter the PBX address.")))
        if kind == "ami" and not self.username.text().strip():
            missing.append(("username", self.tr("Enter the AMI user from manager.conf.")))
        if kind == "webhook" and not self.secret.text():
            missing.append(("secret", self.tr("Choose a token the PBX must send.")))
        try:
            check_area_code(self.area_code.text(), self.region)
        except ValidationError:
            missing.append(
                ("area_code", self.tr("%1 is not an area code; e.g. 021 for Shanghai.")
                 .replace("%1", self.area_code.text().strip()))
            )  # fmt: skip
        try:
            check_trunk_prefixes(self.trunk_prefixes.text().replace(";", ",").split(","))
        except ValidationError:
            missing.append(
                ("trunk_prefixes",
                 self.tr("Prefixes are digits separated by commas, e.g. 9, 17951."))
            )  # fmt: skip
        return missing

    def store_secret(self, settings: TelephonySettings) -> bool:
        key = settings.secret_key
        if key is None:
            return True
        if self.secret.text():
            return self._secrets.set(key, self.secret.text())
        self._secrets.delete(key)
        return True

    def test(self) -> None:
        settings = self.settings()
        if settings is None:
            return
        secret = self.secret.text()
        self.result.setText(self.tr("Connecting…"))
        self.test_button.setEnabled(False)
        self._test.run(
            lambda: self._probes.telephony(settings, secret),
            self._tested,
            lambda exc: self._tested(Outcome(False, str(exc))),
        )

    def _tested(self, outcome: Outcome) -> None:
        self.test_button.setEnabled(True)
        if outcome.ok:
            self.result.setText("✓ " + self.tr("Connected: %1").replace("%1", outcome.message))
        else:
            self.result.setText("✗ " + self.tr("Not connected: %1").replace("%1", outcome.message))

    def _kind_changed(self, *_: object) -> None:
        kind = self.kind.currentData()
        pbx = kind in ("ami", "esl")
        for widget in (self.host, self.port):
            self.form.setRowVisible(widget, pbx)
        self.form.setRowVisible(self.secret, pbx or kind == "webhook")
        self.form.setRowVisible(self.username, kind == "ami")
        self.form.setRowVisible(self.webhook_port, kind == "webhook")
        self.form.setRowVisible(self.extension, kind != "none")
        self.form.setRowVisible(self.dial_url, not pbx)  # a PBX dials by itself
        for widget in (self.area_code, self.trunk_prefixes):
            self.form.setRowVisible(widget, kind != "none")
        self.test_button.setVisible(pbx)
        self.result.clear()
        self.error.clear()
        self.hint.setText(
            {
                "none": self.tr("Incoming calls are not shown on screen."),
                "softphone": self.tr(
                    "In your softphone, set the incoming-call action to run "
                    "dispatch-console --incoming-call %NUMBER% (or open "
                    "dispatch://call?from=%NUMBER%)."
                ),
                "webhook": self.tr(
                    "Your PBX posts newCall / answer / hangup to http://127.0.0.1:PORT/cti "
                    "with the token below (the Secret)."
                ),
                "ami": self.tr("A manager account from manager.conf with read=call,agent."),
                "esl": self.tr("The event socket password from event_socket.conf.xml."),
            }[kind]
        )

    def _fields(self) -> dict[str, QWidget]:
        return {
            "extension": self.extension,
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "webhook_port": self.webhook_port,
            "secret": self.secret,
            "area_code": self.area_code,
            "trunk_prefixes": self.trunk_prefixes,
        }
