"""A second line recogniser: AsterOCR's ONNX CTC model, read from its wheel only.

``asterocr`` (MIT) ships its weights inside the wheel (``asterocr/assets/asternet.onnx``);
its own ``AsterOCR`` class falls back to a hub download when that file is missing. This
module never takes that path: it opens the bundled file itself, with one ONNX Runtime
thread (pages already run one process per core), and raises
:class:`SecondReaderUnavailable` when the package or its bundled weights are absent.

Used only by ``python -m bench --only ocr2`` (bench/recognizers_bench.py): measured
against our reader it does not help (docs/ocr.md), so the pipeline does not use it and
``asterocr`` is not a dependency; install it (``pip install asterocr onnxruntime``) to
rerun the measurement.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image

MODEL = "assets/asternet.onnx"


class SecondReaderUnavailable(ImportError):
    """``asterocr`` or ``onnxruntime`` is not installed, or the wheel lacks its weights."""


def bundled_model() -> Path:
    """The weights file inside the installed ``asterocr`` wheel (never downloaded)."""
    try:
        root = resources.files("asterocr")
    except ModuleNotFoundError as e:
        raise SecondReaderUnavailable("asterocr is not installed") from e
    path = Path(str(root / MODEL))
    if not path.is_file():
        raise SecondReaderUnavailable(f"asterocr has no bundled {MODEL}")
    return path


class AsterReader:
    """One loaded AsterOCR model: ``read(line image) -> text`` (NFC, greedy CTC)."""

    def __init__(self, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
            from asterocr.pipeline import AsterOCR
            from asterocr.vocab import default_vocab
        except ImportError as e:
            raise SecondReaderUnavailable(str(e)) from e
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # The package's pre-processing and CTC decoding, on a session we open ourselves
        # (its constructor would look for the weights elsewhere, then on a hub).
        engine: Any = AsterOCR.__new__(AsterOCR)
        engine.backend = "onnx"
        engine.vocab = default_vocab
        engine.session = ort.InferenceSession(
            str(bundled_model()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        engine.input_name = engine.session.get_inputs()[0].name
        engine.output_name = engine.session.get_outputs()[0].name
        self._engine = engine

    def read(self, img: Image.Image) -> str:
        text: str = self._engine.predict(img.convert("RGB"))
        return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def reader() -> AsterReader:
    """This process's loaded reader (loaded on first use)."""
    return AsterReader()
