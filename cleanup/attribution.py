"""Attribution: the words that say who said a quotation (`Shugaev said`, `said the minister`).

Russian puts a dash between a quotation and its attribution, and machine translation
copies it (`"…," - the coach said`; without quotation marks, `that is all, - the coach
said`). It also detaches a closing mark from its words (`this area, ”Shugaev said`). A
repair of either is certain only when what follows really is an attribution: a short
clause with a verb of saying near its start. That test lives here, for the quote fixes
and the dash fix to share.
"""

from cleanup.chars import Lazy

#: Verbs of saying, in the forms news uses. A clause counts as an attribution when one
#: of them stands among its first few words. Forms that are also plural nouns (`states`,
#: `shares`, `notes`, `reports`, `quotes`, `comments`, `remarks`, `stresses`…) are left
#: out: `two key players, - the United States and China` is no attribution.
REPORTING_VERBS = frozenset("""
    acknowledged added adds admitted admits advised announced announces answered argued
    argues asked asks assured assures believes believed clarified clarifies commented
    complained complains concluded concludes confirmed confirms continued continues
    declared declares emphasised emphasises emphasized emphasizes explained explains
    insisted insists informed informs mentioned noted observed observes pointed promised
    quoted recalled remarked replied reported responded responds said says shared
    specified specifies stated stressed suggested suggests summarised summarized told
    tells underlined urged warned warns wrote writes according
""".split())

#: How many words of a clause may come before its verb of saying: `the press service of
#: the Ministry of Emergency Situations reported` is nine.
_VERB_WITHIN = 10
#: An attribution is short: a clause of more words is a sentence of its own.
_MAX_WORDS = 16
#: No attribution of `_MAX_WORDS` words is longer than this.
_MAX_CHARS = 400
_RE = Lazy(
    word=r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*",
    word_before=r"(?r)[\p{L}\p{N}][\p{L}\p{N}'’.-]*",  # found backwards
    clause_end=r"[.!?;:\"“”«»\r\n]",
)


def is_attribution(text: str, start: int) -> bool:
    """Does a clause of attribution begin at `start` (and end within its sentence)?

    >>> is_attribution("that is all, the coach said.", 13)
    True
    >>> is_attribution("and then, the minister of the region said so.", 10)
    True
    >>> is_attribution("well, the delegation arrived on Monday.", 6)
    False
    """
    limit = min(len(text), start + _MAX_CHARS)
    found = _RE.clause_end.search(text, start, limit)
    if found is None and limit < len(text):
        return False  # a clause that long is no attribution: and we need not read on
    words = _RE.word.findall(text, start, found.start() if found else limit)
    if not words or len(words) > _MAX_WORDS:
        return False
    return any(w.lower() in REPORTING_VERBS for w in words[:_VERB_WITHIN])


_WORDS_BEFORE = 3


def ends_in_attribution(text: str, end: int) -> bool:
    """Does the text before `end` close with a verb of saying (`Peskov added,`)? Then the
    quotation starts after it, and a mark there opens it.

    >>> ends_in_attribution("Peskov added,", 13), ends_in_attribution("we are ready,", 13)
    (True, False)
    """
    words = []
    for match in _RE.word_before.finditer(text, max(0, end - 80), end):
        words.append(match[0].lower())
        if len(words) == _WORDS_BEFORE:
            break
    return any(w in REPORTING_VERBS for w in words)
