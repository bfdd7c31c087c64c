"""spaCy parses cached on disk for the benchmarks (a DocBin per corpus, outside the repository).

Usage::

    from parses import cached_parses            # with benchmarks/ on sys.path
    docs = cached_parses(texts, nlp, Path("/tmp/newsfuse-plover"), "plover")

The file name holds a digest of the texts, the model's name and version, the pipeline's component
names and newsfuse's annotation code (:func:`newsfuse.annotate.code_digest`): a component added to or
changed in :func:`newsfuse.annotate.places.load_nlp` (or a new model) parses anew instead of reading
parses the pipeline would no longer make.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def cached_parses(texts: Sequence[str], nlp: Language, cache: Path | None, name: str,
                  batch_size: int = 16) -> list[Doc]:
    """``nlp`` over ``texts`` (in order), read from / written to ``cache``/``name``-<digest>.spacy when
    ``cache`` is given."""
    from spacy.tokens import DocBin

    from newsfuse.annotate import code_digest

    model = "\0".join([nlp.meta["name"], nlp.meta["version"], *nlp.pipe_names, code_digest()])
    key = hashlib.sha256(("\0".join(texts) + "\0\0" + model).encode()).hexdigest()[:16]
    path = cache / f"{name}-{key}.spacy" if cache is not None else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs
