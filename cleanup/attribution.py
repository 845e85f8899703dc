"""Attribution: the words that say who said a quotation (`Shugaev said`, `said the minister`).

Russian puts a dash between a quotation and its attribution, and machine translation
copies it (`"…," - the coach said`; without quotation marks, `that is all, - the coach
said`). It also detaches a closing mark from its words (`this area, ”Shugaev said`). A
repair of either is certain only when what follows really is an attribution: a short
clause with a verb of saying near its start. That test lives here, for the quote fixes
and the dash fix to share.
"""

import regex

#: Verbs of saying, in the forms news uses. A clause counts as an attribution when one
#: of them stands among its first few words.
REPORTING_VERBS = frozenset("""
    acknowledged added adds admitted admits advised announced announces answered answers
    argued argues asked asks assured assures believes believed clarified clarifies
    commented comments complained complains concluded concludes confirmed confirms
    continued continues declared declares emphasised emphasises emphasized emphasizes
    explained explains insisted insists informed informs mentioned mentions noted notes
    observed observes pointed promised promises quoted quotes recalled recalls remarked
    remarks replied replies reported reports responded responds said says shared shares
    specified specifies stated states stressed stresses suggested suggests summarised
    summarized told tells underlined underlines urged urges warned warns wrote writes
    according
""".split())

#: How many words of a clause may come before its verb of saying: `the press service of
#: the Ministry of Emergency Situations reported` is nine.
_VERB_WITHIN = 10
#: An attribution is short: a clause of more words is a sentence of its own.
_MAX_WORDS = 16
_WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")
_CLAUSE_END_RE = regex.compile(r"[.!?;:\"“”«»\r\n]|\Z")


def is_attribution(text: str, start: int) -> bool:
    """Does a clause of attribution begin at `start` (and end within its sentence)?

    >>> is_attribution("that is all, the coach said.", 13)
    True
    >>> is_attribution("and then, the minister of the region said so.", 10)
    True
    >>> is_attribution("well, the delegation arrived on Monday.", 6)
    False
    """
    found = _CLAUSE_END_RE.search(text, start)
    end = found.start() if found else len(text)
    words = _WORD_RE.findall(text, start, end)
    if not words or len(words) > _MAX_WORDS:
        return False
    return any(w.lower() in REPORTING_VERBS for w in words[:_VERB_WITHIN])
