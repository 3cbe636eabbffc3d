"""Fixtures shared by the unit and end-to-end tests."""
import pytest


@pytest.fixture
def fallback(monkeypatch):
    """Records the files that took a correction copy's openpyxl path (and still lets them take it)."""
    from compiler.correction import copies as correction

    used, original = [], correction.openpyxl_copy

    def spy(path, findings, out_path):
        used.append(path)
        return original(path, findings, out_path)

    monkeypatch.setattr(correction, "openpyxl_copy", spy)
    return used


@pytest.fixture
def general_way(monkeypatch):
    """Call it to make correction copies the general (openpyxl) way, as when the patch cannot."""
    from compiler.correction import copies as correction
    from compiler.correction.xml_text import Unsupported

    def general(*_):
        raise Unsupported("the general way, for this test")

    return lambda: monkeypatch.setattr(correction, "patched_copy", general)
