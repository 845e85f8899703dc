"""The settings a run is made with: one immutable record, a field per choice a user can make."""

from enum import StrEnum
from typing import NamedTuple


class QuoteStyle(StrEnum):
    AUTO = "auto"
    CURLY = "curly"
    STRAIGHT = "straight"


class DashStyle(StrEnum):
    EM = "em"
    EN = "en"
    EM_CLOSED = "em-closed"


class Config(NamedTuple):
    """How to repair: `quotes` picks the quote style, `dash` what a spaced hyphen becomes.

    `quotes = "auto"` makes a document curly if it has any curly double quote or
    guillemet, and leaves a straight-only document straight.
    """

    quotes: QuoteStyle = QuoteStyle.AUTO
    dash: DashStyle = DashStyle.EM
