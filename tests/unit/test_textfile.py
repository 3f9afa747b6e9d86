"""Reading text files: encodings, binary data and size, each with a clear message."""

from __future__ import annotations

import codecs

import pytest

from cvo_workshop.model.problem import InputError
from cvo_workshop.store.textfile import read_text


@pytest.mark.parametrize(
    "encoded",
    [
        "a: é\n".encode(),
        codecs.BOM_UTF8 + "a: é\n".encode(),
        "a: é\n".encode("utf-16"),  # with BOM, as Windows "Unicode text" saves it
        "a: é\n".encode("utf-32"),
    ],
)
def test_utf_encodings_with_or_without_bom_read_the_same(tmp_path, encoded):
    f = tmp_path / "f.yaml"
    f.write_bytes(encoded)
    assert read_text(f) == "a: é\n"


def test_latin1_is_refused_with_line_column_and_byte(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_bytes(b"a: ok\nb: caf\xe9\n")
    with pytest.raises(InputError) as e:
        read_text(f)
    [p] = e.value.problems
    assert (p.line, p.col) == (2, 7)
    assert "0xE9" in p.message and "UTF-8" in p.message


def test_binary_junk_is_named_binary(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputError) as e:
        read_text(f)
    assert "binary" in str(e.value)


def test_size_limit_is_checked_before_reading(tmp_path):
    f = tmp_path / "big.yaml"
    with f.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # sparse: no need to write 50 MB
    with pytest.raises(InputError) as e:
        read_text(f, limit_mb=20)
    assert "50.0 MB" in str(e.value) and "limit is 20 MB" in str(e.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match=r"not a file|folder"):
        read_text(tmp_path)
