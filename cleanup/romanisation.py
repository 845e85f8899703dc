"""One Russian or Ukrainian name, several English spellings: a key they all share.

Names come into English through several romanisation systems (BGN/PCGN, the passport
rules of 1997 and 2013, ISO 9 without its diacritics, older British, French and German
habits), and machine translation mixes them within one article. The spellings differ in a
few known places, and `key` undoes each choice:

- `й`, `ы` and the iotation of vowels are `y`, `i` or `j` (`Sergey`/`Sergei`,
  `Zelensky`/`Zelenskyy`/`Zelenskiy`, `Tatyana`/`Tatiana`/`Tatjana`, `Yuri`/`Iuri`);
- `е` and `ё` at a word's head or after a vowel are `e`, `ye` or `je`, and `ё` is also
  `yo` or `io` (`Yegor`/`Egor`, `Aksenov`/`Aksyonov`, `Fyodor`/`Fedor`);
- `кс` is `ks` or `x` (`Maksim`/`Maxim`); `дж` is `dzh` or `j` (`Dzhaparov`/`Japarov`);
  `х` is `kh` or `h`; `щ` is `shch` or `sch`; `ч` is `ch` or `tch`; `в` is `v` or, the
  German way, `w` (`Vilfand`/`Wilfand`); Georgian `ღ` is `gh` or `g`;
- the soft sign is an apostrophe or nothing, and some systems double a letter
  (`Il'in`/`Ilin`, `Vasilyev`/`Vasiliev`/`Vasilev`).

Two spellings with one key are one name; `David`/`Davis` or `Maria`/`Marina`, whose keys
differ, are two.
"""

import re

#: (pattern, replacement), in order, applied to the word in lower case.
_REWRITES = (
    (re.compile(r"dzh"), "j"),
    (re.compile(r"shch"), "sch"),
    (re.compile(r"tch"), "ch"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"['’ʹʼ`]"), ""),
    (re.compile(r"(?<=[^aeiou])io"), "e"),  # ё after a consonant: yo, io or e
    (re.compile(r"^i(?=[aeou])"), ""),  # a word's head: Yegor or Egor, Yuri or Iuri
    (re.compile(r"i(?=ev)"), ""),  # -yev, -iev or -ev: Vasilyev, Vasiliev, Vasilev
    (re.compile(r"(.)\1+"), r"\1"),
)


def key(name: str) -> str:
    """The spelling every romanisation of a name comes to.

    >>> [key(n) for n in ("Sergey", "Sergei", "Zelenskyy", "Zelensky", "Aksyonov", "Aksenov")]
    ['sergei', 'sergei', 'zelenski', 'zelenski', 'axenov', 'axenov']
    >>> key("Mara") == key("Maria"), key("Tatyana") == key("Tatiana")
    (False, True)
    >>> key("Dzhaparov") == key("Japarov"), key("David") == key("Davis")
    (True, False)
    >>> key("Maria") == key("Mariya"), key("Maria") == key("Marina")
    (True, False)
    """
    word = name.casefold()
    for pattern, replacement in _REWRITES:
        word = pattern.sub(replacement, word)
    return word
