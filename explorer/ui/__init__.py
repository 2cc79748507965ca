"""The PySide6 desktop application. The only package that imports Qt.

Python 3.11 is refused: PySide6 6.12.0 there drops a reference to None on every ``QGraphicsItem.setPos``
and the interpreter aborts after about 5,000 moves.
"""

import sys

if sys.version_info < (3, 12):  # pragma: no cover - the project declares >=3.12
    raise ImportError("explorer.ui needs Python 3.12 or newer (PySide6 6.12 on 3.11 aborts with none_dealloc)")
