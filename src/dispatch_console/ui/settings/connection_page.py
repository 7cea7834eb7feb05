"""Where the tickets live: this computer, a database file, or the team's PostgreSQL server.

"Test connection" opens the database off the GUI thread and says what it found; a reachable
database without tables can be set up from here. The PostgreSQL password goes to the OS keyring
when the agent asks to remember it, never into the settings file."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...config import ConnectionSettings, Secrets
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .fields import error_label, mark
from .probes import Outcome, Probes


class ConnectionPage(QWidget):
    """Signals:
    tested(bool): a connection test finished; True when the database is ready to use.
    """

    tested = Signal(bool)

    def __init__(
        self, probes: Probes, secrets: Secrets, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._probes = probes
        self._secrets = secrets
        self._test = Latest(runner, self)
        self.kind = named(QComboBox(), "connection_kind")
        self.kind.addItem(self.tr("On this computer (one agent)"), "embedded")
        self.kind.addItem(self.tr("A database file (SQLite)"), "sqlite")
        self.kind.addItem(self.tr("The team's PostgreSQL server"), "postgresql")
        self.kind.addItem(self.tr("A dispatch server (over the network)"), "server")
        self.server_url = named(QLineEdit(), "server_url")
        self.server_url.setPlaceholderText(self.tr("e.g. http://dispatch.corp:8470"))
        self.sqlite_path = named(QLineEdit(), "sqlite_path")
        self.browse = named(QPushButton(self.tr("Browse…")), "sqlite_browse")
        self.host = named(QLineEdit(), "host")
        self.port = named(QSpinBox(), "port")
        self.port.setRange(1, 65535)
        self.database = named(QLineEdit(), "database")
        self.user = named(QLineEdit(), "user")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = named(QCheckBox(self.tr("Remember the password (OS keyring)")), "remember")
        if not secrets.available():
            self.remember.setEnabled(False)
            self.remember.setText(
                self.tr("No OS keyring here: the password is asked for at each start")
            )
        self.test_button = named(QPushButton(self.tr("Test connection")), "test_connection")
        self.setup_button = named(QPushButton(self.tr("Set up this database")), "setup_database")
        self.setup_button.hide()
        self.result = named(QLabel(), "connection_result")
        self.result.setWordWrap(True)
        self.error = error_label("connection_error")

        file_row = QHBoxLayout()
        file_row.addWidget(self.sqlite_path, 1)
        file_row.addWidget(self.browse)
        self._file_row = QWidget()
        self._file_row.setLayout(file_row)
        file_row.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Tickets are kept"), self.kind)
        self.form.addRow(self.tr("File"), self._file_row)
        self.form.addRow(self.tr("Address"), self.server_url)
        self.form.addRow(self.tr("Server"), self.host)
        self.form.addRow(self.tr("Port"), self.port)
        self.form.addRow(self.tr("Database"), self.database)
        self.form.addRow(self.tr("User"), self.user)
        self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow("", self.remember)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.setup_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.browse.clicked.connect(self._browse)
        self.test_button.clicked.connect(self.test)
        self.setup_button.clicked.connect(self._set_up)

    # --- load and read back --------------------------------------------------------------------
    def load(self, settings: ConnectionSettings) -> None:
        self.kind.setCurrentIndex(self.kind.findData(settings.kind))
        self.sqlite_path.setText(settings.sqlite_path)
        self.server_url.setText(settings.server_url)
        self.host.setText(settings.host)
        self.port.setValue(settings.port)
        self.database.setText(settings.database)
        self.user.setText(settings.user)
        stored = self._secrets.get(settings.secret_key)
        self.password.setText(stored or "")
        self.remember.setChecked(bool(stored))
        self._kind_changed()

    def settings(self) -> ConnectionSettings | None:
        """The settings as entered, or None after marking what is missing."""
        kind = self.kind.currentData()
        missing: list[str] = []
        if kind == "sqlite" and not self.sqlite_path.text().strip():
            missing.append("sqlite_path")
        if kind == "postgresql":
            missing += [n for n in ("host", "database", "user") if not self._text(n)]
        if kind == "server" and not self._text("server_url").startswith(("http://", "https://")):
            missing.append("server_url")
        if missing:
            mark(self._fields(), "; ".join(f"{n}: missing" for n in missing))
            self.error.setText(self.tr("Fill in the outlined fields."))
            return None
        mark(self._fields(), "")
        self.error.clear()
        return ConnectionSettings(
            kind=kind,
            sqlite_path=self.sqlite_path.text().strip(),
            server_url=self._text("server_url"),
            host=self._text("host"),
            port=self.port.value(),
            database=self._text("database"),
            user=self._text("user"),
        )

    def secret(self) -> str:
        return self.password.text()

    def store_secret(self, settings: ConnectionSettings) -> bool:
        """Keep or forget the password as the agent chose; False if the keyring refused."""
        key = settings.secret_key
        if key is None:
            return True
        if self.remember.isChecked() and self.password.text():
            return self._secrets.set(key, self.password.text())
        self._secrets.delete(key)
        return True

    def url(self) -> str | None:
        settings = self.settings()
        return settings.url(self.secret() or None) if settings else None

    # --- test and set up -----------------------------------------------------------------------
    def test(self) -> None:
        url = self.url()
        if url is None:
            return
        self.result.setText(self.tr("Connecting…"))
        self.setup_button.hide()
        self.test_button.setEnabled(False)
        self._test.run(lambda: self._probes.database(url), self._tested, self._test_failed)

    def _tested(self, outcome: Outcome) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(self.describe(outcome))
        self.setup_button.setVisible(outcome.needs_setup)
        self.tested.emit(outcome.ok)

    def describe(self, outcome: Outcome) -> str:
        name = outcome.message
        if outcome.code == "ready":
            return "✓ " + self.tr("%1: connected, ready to use").replace("%1", name)
        if outcome.code == "no_tables":
            return self.tr(
                "%1 — it has no tables yet. Set it up here, or ask your administrator."
            ).replace("%1", name)
        if outcome.code == "old_tables":
            return self.tr(
                "%1 — its tables are from an older version. Update them here, or ask your "
                "administrator."
            ).replace("%1", name)
        if outcome.code == "incompatible":  # says itself what to install
            return "✗ " + name
        if outcome.code == "unknown_tenant":  # a hosted server, which serves no company there
            return "✗ " + self.tr(
                "No company is served at %1. Check the address your provider gave you (e.g. "
                "https://yourcompany.dispatch.example)."
            ).replace("%1", name)
        if outcome.code == "tenant_suspended":
            return "✗ " + self.tr(
                "Your company's service is suspended (%1). Ask your provider to resume it."
            ).replace("%1", name or self.tr("no reason given"))
        return "✗ " + self.tr("Could not connect: %1").replace("%1", name)

    def _test_failed(self, exc: Exception) -> None:
        self._tested(Outcome(False, str(exc), code="unreachable"))

    def _set_up(self) -> None:
        url = self.url()
        if url is None:
            return
        self.setup_button.setEnabled(False)
        self.result.setText(self.tr("Creating the tables…"))

        def done(outcome: Outcome) -> None:
            self.setup_button.setEnabled(True)
            self._tested(outcome)

        self._test.run(lambda: self._probes.setup_database(url), done, self._test_failed)

    # --- view ----------------------------------------------------------------------------------
    def _kind_changed(self, *_: object) -> None:
        kind = self.kind.currentData()
        for widget in (self.host, self.port, self.database, self.user, self.password):
            self.form.setRowVisible(widget, kind == "postgresql")
        self.form.setRowVisible(self.remember, kind == "postgresql")
        self.form.setRowVisible(self._file_row, kind == "sqlite")
        self.form.setRowVisible(self.server_url, kind == "server")
        self.test_button.setVisible(kind != "embedded")  # our own file: created when needed
        self.result.clear()
        self.setup_button.hide()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Database file"),
            self.sqlite_path.text(),
            self.tr("SQLite database (*.sqlite3 *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.sqlite_path.setText(path)

    def _text(self, name: str) -> str:
        widget = self._fields()[name]
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def _fields(self) -> dict[str, QWidget]:
        return {
            "sqlite_path": self.sqlite_path,
            "server_url": self.server_url,
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "user": self.user,
        }
