"""Graph and answer errors in Persian (the Backprop panel shows them with app.i18n.error_text), and in English
exactly what the command line prints."""
import re

import pytest
from test_graph import HOSTILE, OK_HEAD
from test_i18n import PERSIAN_LETTER, fa

from app import i18n
from core import graph
from core.backprop import parse_answers
from core.errors import UserInputError

PERSIAN_DIGIT = re.compile("[\u06f0-\u06f9\u0660-\u0669]")
ANSWERS = ["", "node,value\n", "name,value,grad\nq,1,2\n", "name,value,grad\nL,1,2\nL,1,2\n",
           "name,value,grad\nL,one,2\n", "name,value,grad\nL,1,2,3\n", "name,value,grad,updated\nx0,1,2,3\n"]




def _errors() -> list[UserInputError]:
    errors = []
    for body, *_ in HOSTILE:
        with pytest.raises(graph.GraphError) as info:
            graph.parse(OK_HEAD + body)
        errors.append(info.value)
    neuron = graph.parse(OK_HEAD + "loss L = w*x")
    for text in ANSWERS:
        with pytest.raises(UserInputError) as info:
            parse_answers(text, neuron)
        errors.append(info.value)
    with pytest.raises(graph.GraphError) as info:
        graph.load("/nonexistent/net.graph")
    errors.append(info.value)
    return errors


def test_every_graph_and_answer_error_is_persian_with_the_line_and_column(persian):
    for exc in _errors():
        text = i18n.error_text(exc)
        assert PERSIAN_LETTER.search(text) and text != str(exc), str(exc)
        assert not PERSIAN_DIGIT.search(text) and "\n" not in text
        assert not re.search(r"\{\w*\}", text) or re.search(r"\{\w*\}", str(exc)), text   # (f'{w}' as typed)
    exc = _errors()[0]
    assert i18n.error_text(exc).startswith(fa("core", "line {line}, column {column}: {detail}").split("{")[0])


def test_in_english_error_text_is_exactly_the_message(qapp):
    i18n.install(qapp, "en")
    for exc in _errors():
        assert i18n.error_text(exc) == str(exc)
