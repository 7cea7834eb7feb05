"""The frozen console's program: PyInstaller makes dispatch-console.exe of this file."""

import sys

from dispatch_console.app import main

if __name__ == "__main__":
    sys.exit(main())
