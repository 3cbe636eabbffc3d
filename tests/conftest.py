import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def fallback(monkeypatch):
    """Records the files that took a correction copy's openpyxl path (and still lets them take it)."""
    from compiler import correction

    used, original = [], correction.openpyxl_copy

    def spy(path, findings, out_path):
        used.append(path)
        return original(path, findings, out_path)

    monkeypatch.setattr(correction, "openpyxl_copy", spy)
    return used
