"""wksbm: validate and compile the quarterly WKSBM workbooks of Dinas Sosial Kabupaten Bantul."""
__version__ = "0.1.0"
