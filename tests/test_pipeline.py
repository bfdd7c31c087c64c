"""The stage pipeline checks its wiring before running anything."""

from __future__ import annotations

import pytest

from newsfuse.errors import ConfigError
from newsfuse.model import Span, article_id
from newsfuse.pipeline import check, run_stages, stage


@stage("count", requires=["articles"], assigns=["count"])
def count(s):
    return {"count": len(s["articles"])}


@stage("double", requires=["count"], assigns=["double"])
def double(s):
    return {"double": s["count"] * 2}


def test_stages_run_in_order_and_see_earlier_outputs():
    state = run_stages([count, double], {"articles": ["a", "b", "c"]})
    assert state["count"] == 3 and state["double"] == 6


def test_a_missing_input_is_named_before_anything_runs():
    ran = []

    @stage("spy", requires=["articles"], assigns=["spy"])
    def spy(s):
        ran.append(1)
        return {"spy": 1}

    with pytest.raises(ConfigError, match="'double' needs count"):
        run_stages([spy, double], {"articles": []})
    assert ran == []


def test_a_stage_must_return_what_it_declares():
    @stage("liar", requires=[], assigns=["x"])
    def liar(s):
        return {"y": 1}

    with pytest.raises(ConfigError, match="declared"):
        run_stages([liar], {})


def test_check_accepts_inputs_as_provided():
    check([count, double], ["articles"])


def test_article_ids_come_from_content_and_spans_reject_empty_ranges():
    assert article_id("same text") == article_id("same text") != article_id("other text")
    with pytest.raises(ValueError):
        Span("a1", 5, 5)
