#!/usr/bin/env python3
"""Builds records.csv and derivations.csv: an evaluation set for duplicate-person
detection, made independently of Gateway's own generator and matcher.

    python3 build.py            # rebuild records.csv, derivations.csv, check them
    python3 build.py --check    # only check the committed files (and README counts)

Python 3.11, standard library only. Deterministic: every random choice comes
from random.Random seeded with SEED (string seeds, so PYTHONHASHSEED does not
matter), and no set is ever iterated.

Reading order: sources and frequencies -> people -> variation rules (one
function per kind, each says plainly what it does) -> hard negatives -> the
creation-order timeline -> checks.
"""

import argparse
import bisect
import csv
import re
import random
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "sources"
SEED = 20261201
RECORD_DATE = date(2026, 12, 1)  # every record is assumed made on this day
PER_KIND = 76                    # later records per duplicate kind
HARD_PER_TYPE = 80               # records per hard-negative type
TOTAL = 6000                     # records in the file

DUP_KINDS = [
    "typo_given", "typo_family", "typo_both", "doubled_letter", "transposed_letters",
    "hyphenated_or_double_barrelled", "spacing_punctuation", "swapped_names",
    "transliteration", "diacritics", "gendered_surname", "nickname", "phonetic_spelling",
    "family_name_changed", "alias", "missing_dob", "year_only_dob", "estimated_age_only",
    "dob_day_month_swapped", "dob_day_or_month_digit", "dob_year_digit", "combined",
]
HARD_TYPES = ["namesake_other_dob", "twin", "parent_child", "sibling",
              "similar_name_other_person"]
COLUMNS = ["record_id", "cluster_id", "kind", "given_name", "family_name", "dob",
           "estimated_age", "gender", "alias_given", "alias_family"]


def rng_for(*salt):
    return random.Random(":".join([str(SEED)] + [str(s) for s in salt]))


# ---------------------------------------------------------------- sources

def read_lines(path):
    out, seen = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if s and not s.startswith("#") and s not in seen:
            seen[s] = 1
            out.append(s)
    return out


def read_sections(path):
    secs, cur = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("[") and s.endswith("]"):
            cur = s[1:-1]
            secs.setdefault(cur, [])
        elif s not in secs[cur]:
            secs[cur].append(s)
    return secs


def faker(loc, part):
    p = SRC / "faker" / f"{loc}.{part}.txt"
    return read_lines(p) if p.exists() else []


HAND = {p.stem: read_sections(p) for p in sorted((SRC / "handwritten").glob("*.txt"))
        if p.stem not in ("nicknames", "transliteration", "phonetic")}
TOP = HAND.pop("top_ranks")


class Weighted:
    """Picks an item with probability proportional to its weight."""

    def __init__(self, items, weights):
        self.items, self.cum, total = list(items), [], 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total
        self.prob = {}
        for it, w in zip(self.items, weights):
            self.prob[it] = self.prob.get(it, 0.0) + w / total

    def pick(self, rng):
        i = bisect.bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]


class Mixture:
    """Picks a component by weight, then an item from it."""

    def __init__(self, parts):
        self.parts = [(w, s) for w, s in parts if s.items]
        tw = sum(w for w, _ in self.parts)
        self.chooser = Weighted(list(range(len(self.parts))), [w / tw for w, _ in self.parts])
        self.prob = {}
        for w, s in self.parts:
            for it, p in s.prob.items():
                self.prob[it] = self.prob.get(it, 0.0) + p * w / tw
        self.items = list(self.prob)

    def pick(self, rng):
        return self.parts[self.chooser.pick(rng)][1].pick(rng)


def zipf(names, s, salt, top=()):
    """Frequency by rank: weight 1/rank^s. Names in `top` (hand-ordered by
    published frequency) take ranks 1..k; the rest follow in a seeded random
    order, because the source lists are alphabetical and carry no frequencies."""
    head = [t for t in top]
    rest = [n for n in names if n not in head]
    rng_for("zipf", salt).shuffle(rest)
    order = head + rest
    return Weighted(order, [1.0 / (r ** s) for r in range(1, len(order) + 1)])


def ranked(names, s):
    """For lists already in frequency order (hand-written ones, chance's UK list)."""
    return Weighted(names, [1.0 / (r ** s) for r in range(1, len(names) + 1)])


def fix_case(name):
    """chance writes O'brien, Mcdonald: restore the usual capitals."""
    name = re.sub(r"^(O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), name)
    name = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), name)
    return name


# ---------------------------------------------------------------- transliteration of Cyrillic

UK_NATIONAL = {  # Ukrainian national system (2010): (word-initial, elsewhere)
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ye", "ie"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("yi", "i"), "й": ("y", "i"), "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("yu", "iu"),
    "я": ("ya", "ia"), "'": "", "’": "",
}
UK_BGN = dict(UK_NATIONAL, **{"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"})
UK_LEGACY = dict(UK_NATIONAL, **{"г": "g", "и": "i", "ї": "i", "й": "y", "є": "e",
                                 "ю": "yu", "я": "ya"})
UK_POLISH = dict(UK_NATIONAL, **{"в": "w", "ж": "ż", "и": "y", "й": "j", "х": "ch", "ц": "c",
                                 "ч": "cz", "ш": "sz", "щ": "szcz", "є": ("je", "ie"),
                                 "ї": "ji", "ю": ("ju", "iu"), "я": ("ja", "ia")})
UK_GERMAN = dict(UK_NATIONAL, **{"в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch",
                                 "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
                                 "є": "je", "ї": "ji", "ю": "ju", "я": "ja"})
RU_BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": ("ye", "e"), "ё": ("yo", "yo"),
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
RU_ICAO = dict(RU_BGN, **{"е": "e", "ё": "e", "й": "i", "ю": "iu", "я": "ia", "ъ": "ie"})
RU_SIMPLE = dict(RU_BGN, **{"е": "e", "ё": "e"})
RU_GERMAN = dict(RU_BGN, **{"в": "w", "е": ("je", "e"), "ж": "sch", "з": "s", "й": "j",
                            "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
                            "ю": "ju", "я": "ja"})
SYSTEMS = {
    "uk_national_2010": (UK_NATIONAL, []), "uk_bgn_pcgn": (UK_BGN, []),
    "uk_soviet_g": (UK_LEGACY, [("ій", "iy")]), "uk_polish": (UK_POLISH, []),
    "uk_german": (UK_GERMAN, []),
    "ru_bgn": (RU_BGN, [("ий", "iy")]), "ru_icao_2013": (RU_ICAO, []),
    "ru_simple": (RU_SIMPLE, [("ий", "y"), ("ый", "y")]), "ru_german": (RU_GERMAN, [("ий", "ij")]),
}
VOWELS_CYR = "аеєиіїоуюяёэы"


def translit(text, system):
    table, endings = SYSTEMS[system]
    words = re.split(r"([ \-])", text)
    out = []
    for w in words:
        if w in (" ", "-", ""):
            out.append(w)
            continue
        low, tail = w.lower(), ""
        for cyr, lat in endings:
            if low.endswith(cyr):
                low, tail = low[: -len(cyr)], lat
                break
        res = []
        for i, ch in enumerate(low):
            v = table.get(ch, ch)
            if isinstance(v, tuple):
                # Ukrainian systems: the first form only at the start of a word;
                # Russian BGN: also after a vowel or a sign (Andreyev).
                initial = i == 0 or (system.startswith("ru_") and low[i - 1] in VOWELS_CYR + "ьъ")
                v = v[0] if initial else v[1]
            if system == "uk_national_2010" and ch == "г" and i > 0 and low[i - 1] == "з":
                v = "gh"
            res.append(v)
        s = "".join(res) + tail
        out.append(s[:1].upper() + s[1:])
    return "".join(out)


# Ukrainian given names in their Russian form (as in Russian-language papers).
UK_TO_RU_GIVEN = {
    "Олександр": "Александр", "Андрій": "Андрей", "Сергій": "Сергей", "Володимир": "Владимир",
    "Дмитро": "Дмитрий", "Юрій": "Юрий", "Микола": "Николай", "Олег": "Олег", "Іван": "Иван",
    "Василь": "Василий", "Віктор": "Виктор", "Ігор": "Игорь", "Максим": "Максим",
    "Віталій": "Виталий", "Богдан": "Богдан", "Євген": "Евгений", "Олексій": "Алексей",
    "Роман": "Роман", "Михайло": "Михаил", "Тарас": "Тарас", "Олена": "Елена",
    "Тетяна": "Татьяна", "Наталія": "Наталья", "Ірина": "Ирина", "Світлана": "Светлана",
    "Оксана": "Оксана", "Юлія": "Юлия", "Катерина": "Екатерина", "Ганна": "Анна",
    "Марія": "Мария", "Ольга": "Ольга", "Людмила": "Людмила", "Вікторія": "Виктория",
    "Анастасія": "Анастасия", "Галина": "Галина", "Валентина": "Валентина",
    "Лариса": "Лариса", "Надія": "Надежда", "Григорій": "Григорий", "Петро": "Пётр",
    "Павло": "Павел", "Степан": "Степан", "Федір": "Фёдор", "Яків": "Яков", "Ілля": "Илья",
}


# ---------------------------------------------------------------- gendered surname forms

def polish_fem(m):
    for a, b in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if m.endswith(a):
            return m[: -len(a)] + b
    return m


def czech_fem(m):
    if m.endswith(("ý",)):
        return m[:-1] + "á"
    if m.endswith(("í", "ů")):
        return m
    if m.endswith("ek"):
        return m[:-2] + "ková"
    if m.endswith("ec"):
        return m[:-2] + "cová"
    if m.endswith(("a", "e", "o")):
        return m[:-1] + "ová"
    return m + "ová"


def latvian_fem(m):
    if m.endswith("š"):
        return m[:-1] + "a"
    if m.endswith("ons"):
        return m[:-1] + "e"
    if m.endswith("is"):
        return m[:-2] + "e"
    if m.endswith("s"):
        return m[:-1] + "a"
    return m


def lithuanian_fem(m, married):
    stem_rules = (("ius", "iūtė"), ("us", "utė"), ("as", "aitė"), ("ys", "ytė"), ("is", "ytė"))
    for a, b in stem_rules:
        if m.endswith(a):
            return m[: -len(a)] + ("ienė" if married else b)
    return m


def cyr_fem(m):  # Ukrainian and Russian, on Cyrillic
    for a, b in (("ський", "ська"), ("цький", "цька"), ("ий", "а"), ("ой", "ая"), ("ов", "ова"),
                 ("ев", "ева"), ("ин", "ина"), ("ін", "іна")):
        if m.endswith(a):
            return m[: -len(a)] + b
    return m


def cyr_masc(f):
    for a, b in (("ська", "ський"), ("цька", "цький"), ("ова", "ов"), ("ева", "ев"),
                 ("ина", "ин"), ("іна", "ін"), ("ая", "ий")):
        if f.endswith(a):
            return f[: -len(a)] + b
    return f


# ---------------------------------------------------------------- traditions

class Tradition:
    def __init__(self, name, share, given_m, given_f, family, script="latin", gendered=None):
        self.name, self.share = name, share
        self.given_m, self.given_f, self.family = given_m, given_f, family
        self.script, self.gendered = script, gendered

    def latin(self, src):
        if self.script == "uk":
            return translit(src, "uk_national_2010")
        if self.script == "ru":
            return translit(src, "ru_bgn")
        return src


def hand(sec, key):
    return HAND[sec].get(key, [])


def build_traditions():
    T = []
    add = T.append
    uk_top = [fix_case(n) for n in read_lines(SRC / "chance" / "uk.family_ranked.txt")]
    # Smith ~1.4% of British surnames, rank 100 ~0.08%, rank 500 ~0.03%: weight 0.014*r^-0.62;
    # the 500 together hold ~36%, the long tail the other 64%.
    top500 = Weighted(uk_top, [0.014 * r ** -0.62 for r in range(1, len(uk_top) + 1)])
    top_mass = top500.total
    tails = [n for n in hand("british", "family_tail") if n not in uk_top]
    topo = [p + s for p in hand("british", "toponym_prefix") for s in hand("british", "toponym_suffix")]
    topo = [t for t in topo if t not in uk_top and t not in tails and t[0] != "X"
            and not re.search(r"(.)\1\1|ss[st]|([a-z])\2(?=[a-z]{0,1}$)", t.lower())]
    fk_en = [n for n in faker("en", "family") if n not in uk_top and n not in tails]
    tail = Mixture([(0.56, zipf(tails + topo, 0.3, "brit-tail")), (0.08, zipf(fk_en, 0.3, "en-tail"))])
    brit_family = Mixture([(top_mass, top500), (1.0 - top_mass, tail)])
    brit_gm = Mixture([(0.95, ranked(hand("british", "given_male"), 0.6)),
                       (0.05, zipf(faker("en", "given_male"), 0.5, "en-gm"))])
    brit_gf = Mixture([(0.95, ranked(hand("british", "given_female"), 0.6)),
                       (0.05, zipf(faker("en", "given_female"), 0.5, "en-gf"))])
    add(Tradition("british", 0.47, brit_gm, brit_gf, brit_family))
    add(Tradition("irish", 0.06, ranked(hand("irish", "given_male"), 0.7),
                  ranked(hand("irish", "given_female"), 0.7),
                  Mixture([(0.8, ranked(hand("irish", "family"), 0.6)), (0.2, top500)])))
    add(Tradition("caribbean", 0.03,
                  Mixture([(0.75, ranked(hand("caribbean", "given_male"), 0.8)), (0.25, brit_gm)]),
                  Mixture([(0.75, ranked(hand("caribbean", "given_female"), 0.8)), (0.25, brit_gf)]),
                  Mixture([(0.5, ranked(hand("caribbean", "family"), 0.7)), (0.5, top500)])))

    def fk(loc, name, share, gendered=None, script="latin", fam="family", s_fam=0.8):
        gm = zipf(faker(loc, "given_male"), 0.8, loc + "gm", TOP.get(f"{loc}.given_male", ()))
        gf = zipf(faker(loc, "given_female"), 0.8, loc + "gf", TOP.get(f"{loc}.given_female", ()))
        fa = zipf(faker(loc, fam), s_fam, loc + fam, TOP.get(f"{loc}.{fam}", ()))
        add(Tradition(name, share, gm, gf, fa, script, gendered))

    fk("pl", "polish", 0.065, gendered="polish")
    fk("ro", "romanian", 0.055)
    fk("cs_CZ", "czech", 0.01, gendered="czech", fam="family_male")
    fk("sk", "slovak", 0.01, gendered="czech", fam="family_male")
    fk("lv", "latvian", 0.008, gendered="latvian", fam="family_male")
    fk("uk", "ukrainian", 0.025, gendered="cyr", script="uk")
    fk("ru", "russian", 0.006, gendered="cyr", script="ru", fam="family_male")
    fk("hu", "hungarian", 0.005)
    fk("tr", "turkish", 0.006)
    fk("en_IN", "indian", 0.008)
    fk("en_GH", "ghanaian", 0.008)
    # Ukrainian: gendered surnames (-ський/-ська, -ин/-ина) and common unisex ones (-енко, -ук).
    ukr = next(t for t in T if t.name == "ukrainian")
    ukr.family = Mixture([(0.6, ukr.family), (0.4, zipf(faker("uk", "family_male"), 0.8, "ukm"))])
    ng_m = faker("en_NG", "given_male") + faker("yo_NG", "given_male")
    ng_f = faker("en_NG", "given_female") + faker("yo_NG", "given_female")
    ng_fa = faker("en_NG", "family") + faker("yo_NG", "family")
    add(Tradition("nigerian", 0.02, zipf(ng_m, 1.0, "ngm"), zipf(ng_f, 1.0, "ngf"),
                  zipf(ng_fa, 0.8, "ngfa", TOP["en_NG.family"])))
    kg = faker("ku_kmr_latin", "given_any")
    add(Tradition("kurdish_kurmanji", 0.01, zipf(faker("ku_kmr_latin", "given_male") + kg, 1.0, "kum"),
                  zipf(faker("ku_kmr_latin", "given_female") + kg, 1.0, "kuf"),
                  zipf(faker("ku_kmr_latin", "family"), 0.8, "kufa")))
    add(Tradition("italian", 0.004, zipf(read_lines(SRC / "chance" / "it.given_male.txt"), 1.0, "itm"),
                  zipf(read_lines(SRC / "chance" / "it.given_female.txt"), 1.0, "itf"),
                  zipf(read_lines(SRC / "chance" / "it.family.txt"), 0.8, "itfa")))
    for sec, name, share, gendered in (
            ("lithuanian", "lithuanian", 0.02, "lithuanian"), ("somali", "somali", 0.03, None),
            ("eritrean", "eritrean", 0.03, None), ("arabic", "arabic", 0.035, None),
            ("afghan", "afghan", 0.02, None), ("kurdish_sorani", "kurdish_sorani", 0.01, None),
            ("iranian", "iranian", 0.01, None), ("south_asian", "south_asian", 0.035, None),
            ("albanian", "albanian", 0.012, None),
            ("vietnamese_chinese", "vietnamese_chinese", 0.008, None)):
        fam = hand(sec, "family") or hand(sec, "family_male")
        add(Tradition(name, share, ranked(hand(sec, "given_male"), 0.7),
                      ranked(hand(sec, "given_female"), 0.7), ranked(fam, 0.5), gendered=gendered))
    return {t.name: t for t in T}


TRADS = build_traditions()
POP = Weighted(list(TRADS), [t.share for t in TRADS.values()])


# ---------------------------------------------------------------- variant tables

def read_groups(path):
    groups = []
    for line in read_lines(path):
        groups.append([x.strip() for x in line.split(",") if x.strip()])
    return groups


def read_nicknames(path):
    formal, nick = {}, {}
    for line in read_lines(path):
        f, _, rest = line.partition(":")
        f = f.strip()
        for n in [x.strip() for x in rest.split(",") if x.strip()]:
            if n != f:
                formal.setdefault(f, [])
                if n not in formal[f]:
                    formal[f].append(n)
                nick.setdefault(n, [])
                if f not in nick[n]:
                    nick[n].append(f)
    return formal, nick


TRANSLIT_GROUPS = read_groups(SRC / "handwritten" / "transliteration.txt")
PHONETIC_GROUPS = read_groups(SRC / "handwritten" / "phonetic.txt")
NICK_FORMAL, NICK_REVERSE = read_nicknames(SRC / "handwritten" / "nicknames.txt")


def variants_in(groups, name):
    """Other spellings of `name`: the union of the lines that contain it (not
    transitive: Sophia~Sofia and Sofia~Zofia do not make Sophia~Zofia)."""
    out = []
    for g in groups:
        if name in g:
            out += [x for x in g if x != name and x not in out]
    return out


# ---------------------------------------------------------------- small helpers

def strip_marks(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ı", "i").replace("İ", "I")
    s = s.replace("ø", "o").replace("Ø", "O").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def german_marks(s):
    for a, b in (("ö", "oe"), ("ü", "ue"), ("ä", "ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("Ä", "Ae")):
        s = s.replace(a, b)
    return strip_marks(s)


def name_key(s):
    return re.sub(r"[^a-z]", "", strip_marks(s).casefold())


def lev(a, b):
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def fmt(d):
    return d.isoformat()


def parse_dob(s):
    """'' | YYYY | YYYY-MM | YYYY-MM-DD -> (y, m, d) with None for missing parts."""
    if not s:
        return None
    parts = [int(x) for x in s.split("-")]
    return tuple(parts + [None] * (3 - len(parts)))


def age_on(d, on=RECORD_DATE):
    return on.year - d.year - ((on.month, on.day) < (d.month, d.day))


AGE_BANDS = [((16, 17), 2), ((18, 24), 14), ((25, 34), 24), ((35, 44), 25), ((45, 54), 20),
             ((55, 64), 11), ((65, 85), 4)]
AGE_BAND_PICK = Weighted([b for b, _ in AGE_BANDS], [w for _, w in AGE_BANDS])


def sample_dob(rng, age=None):
    if age is None:
        lo, hi = AGE_BAND_PICK.pick(rng)
        age = rng.randint(lo, hi)
    latest = date(RECORD_DATE.year - age, RECORD_DATE.month, RECORD_DATE.day)
    d = latest - timedelta(days=rng.randint(0, 364))
    return d


def valid_date(y, m, d):
    try:
        x = date(y, m, d)
    except ValueError:
        return None
    return x if 16 <= age_on(x) <= 95 else None


KEYPAD_NEAR = {"0": "98", "1": "24", "2": "135", "3": "26", "4": "157", "5": "2468",
               "6": "359", "7": "48", "8": "5790", "9": "680"}


def other_digit(rng, d):
    if rng.random() < 0.6:
        return rng.choice(KEYPAD_NEAR[d])
    return rng.choice([x for x in "0123456789" if x != d])


QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEAR = {}  # keys that touch a key on a UK/US keyboard (rows are staggered)
for r, row in enumerate(QWERTY):
    for c, ch in enumerate(row):
        nb = []
        for rr, cols in ((r - 1, (c, c + 1)), (r, (c - 1, c + 1)), (r + 1, (c - 1, c))):
            if 0 <= rr < 3:
                nb += [QWERTY[rr][cc] for cc in cols if 0 <= cc < len(QWERTY[rr])]
        NEAR[ch] = "".join(nb)
VOWEL_SLIPS = {"a": "e", "e": "ai", "i": "ey", "o": "u", "u": "o", "y": "i"}


def with_case(orig_char, new):
    return new.upper() if orig_char.isupper() else new


def letter_positions(name, first_ok):
    return [i for i, c in enumerate(name) if c.isalpha() and (i > 0 or first_ok)]


# ---------------------------------------------------------------- people and records

def pick_gender(rng):
    r = rng.random()
    return "male" if r < 0.70 else "female" if r < 0.99 else "non_binary"


WOMEN_ONLY = ("Begum", "Bibi", "Khatun")  # South Asian surnames (titles) borne by women


def make_person(trad_name, rng, gender=None):
    t = TRADS[trad_name]
    gender = gender or pick_gender(rng)
    gl = {"male": t.given_m, "female": t.given_f}.get(gender) or rng.choice([t.given_m, t.given_f])
    g_src = gl.pick(rng)
    f_src = t.family.pick(rng)
    while f_src in WOMEN_ONLY and gender != "female":
        f_src = t.family.pick(rng)
    p = {"trad": trad_name, "gender": gender, "given_src": g_src,
         "p_name": gl.prob.get(g_src, 0) * t.family.prob.get(f_src, 0)}
    masc = f_src
    fem = None
    if t.gendered == "polish":
        fem = polish_fem(masc)
    elif t.gendered == "czech":
        fem = czech_fem(masc)
    elif t.gendered == "latvian":
        fem = latvian_fem(masc)
    elif t.gendered == "lithuanian":
        fem = lithuanian_fem(masc, married=rng.random() < 0.55)
    elif t.gendered == "cyr":
        fem = cyr_fem(masc)
    if fem == masc:
        fem = None
    p["family_masc_src"] = masc
    p["family_fem_src"] = fem
    p["family_src"] = fem if (gender == "female" and fem) else masc
    p["given"] = t.latin(g_src)
    p["family"] = t.latin(p["family_src"])
    p["dob"] = sample_dob(rng)
    return p


def new_record(p, rng, dob_style="full"):
    rec = {"given_name": p["given"], "family_name": p["family"], "dob": "", "estimated_age": "",
           "gender": p["gender"] if rng.random() >= 0.06 else "", "alias_given": "",
           "alias_family": ""}
    d = p["dob"]
    if dob_style == "full":
        rec["dob"] = fmt(d)
    elif dob_style == "background":
        r = rng.random()
        if r < 0.85:
            rec["dob"] = fmt(d)
        elif r < 0.90:
            rec["estimated_age"] = str(max(16, age_on(d) + rng.choice([-2, -1, 0, 0, 1, 2])))
        elif r < 0.935:
            pass  # nothing known
        elif r < 0.985:
            rec["dob"] = str(d.year)
        else:
            rec["dob"] = f"{d.year}-{d.month:02d}"
    return rec


# ---------------------------------------------------------------- name variation rules

def typo(name, rng):
    """One keyboard slip: a neighbouring key instead (45%), a letter left out (20%),
    a neighbouring key added (15%), or a vowel slip (20%). The first letter is
    kept 95% of the time."""
    pos = letter_positions(name, rng.random() < 0.05)
    if len(name) < 3 or not pos:
        return None
    for _ in range(20):
        i = rng.choice(pos)
        c = name[i]
        lc = strip_marks(c.lower())
        r = rng.random()
        if r < 0.45 and lc in NEAR:
            new = name[:i] + with_case(c, rng.choice(NEAR[lc])) + name[i + 1:]
        elif r < 0.65 and len(name) > 3:
            new = name[:i] + name[i + 1:]
        elif r < 0.80 and lc in NEAR:
            new = name[:i + 1] + rng.choice(NEAR[lc]) + name[i + 1:]
        elif lc in VOWEL_SLIPS:
            new = name[:i] + with_case(c, rng.choice(VOWEL_SLIPS[lc])) + name[i + 1:]
        else:
            continue
        if new != name and new[:1].isalpha():
            return new
    return None


def doubled(name, rng):
    """Un-double a doubled letter (Phillip -> Philip, 70% when there is one), or
    double a single consonant between two vowels (Alan -> Allan, Ana -> Anna,
    Qureshi -> Qurreshi)."""
    low = name.lower()
    doubles = [i for i in range(1, len(low) - 1) if low[i] == low[i + 1] and low[i].isalpha()]
    if doubles and rng.random() < 0.7:
        i = rng.choice(doubles)
        return name[:i] + name[i + 1:]
    cands = [i for i in range(1, len(low) - 1) if low[i] in "lnrtsmpfdcgbkz"
             and low[i - 1] in "aeiouy" and low[i + 1] in "aeiouy"]
    if not cands:
        return None
    i = rng.choice(cands)
    return name[:i] + name[i] + name[i:]


def transpose(name, rng):
    cands = [i for i in range(1, len(name) - 1) if name[i] != name[i + 1]
             and name[i].isalpha() and name[i + 1].isalpha()]
    if len(name) < 4 or not cands:
        return None
    i = rng.choice(cands)
    s = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return s[:1].upper() + s[1:]


def which_parts(rng, both_p=0.0):
    r = rng.random()
    if r < both_p:
        return ("given_name", "family_name")
    return ("given_name",) if rng.random() < 0.5 else ("family_name",)


def v_typo_given(cur, p, rng, base_ok):
    s = typo(cur["given_name"], rng)
    return s and (dict(cur, given_name=s), f"given {cur['given_name']} -> {s}", None)


def v_typo_family(cur, p, rng, base_ok):
    s = typo(cur["family_name"], rng)
    return s and (dict(cur, family_name=s), f"family {cur['family_name']} -> {s}", None)


def v_typo_both(cur, p, rng, base_ok):
    g, f = typo(cur["given_name"], rng), typo(cur["family_name"], rng)
    if not (g and f):
        return None
    return (dict(cur, given_name=g, family_name=f),
            f"given {cur['given_name']} -> {g}; family {cur['family_name']} -> {f}", None)


def v_part_rule(fn, both_p):
    def v(cur, p, rng, base_ok):
        parts = which_parts(rng, both_p)
        new, det = dict(cur), []
        for part in parts:
            s = fn(cur[part], rng)
            if not s or s == cur[part]:
                return None
            new[part] = s
            det.append(f"{part.split('_')[0]} {cur[part]} -> {s}")
        return new, "; ".join(det), None
    return v


v_doubled = v_part_rule(doubled, 0.4)
v_transposed = v_part_rule(transpose, 0.0)


def v_hyphenated(cur, p, rng, base_ok):
    """The base has a double surname (made here: two surnames of the person's
    tradition, hyphenated for British and Caribbean 80% or spaced 20%; Polish
    women Kowalska-Nowak). The later record keeps the first half (40%), the
    second half (30%), or changes the joiner (hyphen <-> space, or run
    together, 20%). In 10% the base has one surname and the later record adds
    a second (after marriage)."""
    if not base_ok:
        return None
    other = other_family(p, rng)
    one = cur["family_name"]
    if name_key(other) == name_key(one) or " " in one or "-" in one:
        return None
    joiner = "-" if (p["trad"] in ("polish", "czech", "slovak") or rng.random() < 0.8) else " "
    double = one + joiner + other
    r = rng.random()
    if r < 0.10:
        return dict(cur, family_name=double), f"base {one}; later {double} (second name added)", None
    base = dict(cur, family_name=double)
    if r < 0.50:
        later = one
        how = "first half"
    elif r < 0.80:
        later = other
        how = "second half"
    else:
        later = one + (" " if joiner == "-" else "-") + other if rng.random() < 0.6 else one + other.lower()
        how = "joiner changed"
    return dict(cur, family_name=later), f"base {double}; later {later} ({how})", base


def spacing_variants(name):
    out = []
    if name.startswith("O'"):
        out += ["O" + name[2:], "O " + name[2:], "O'" + name[2:].lower()]
    if re.match(r"^Mc[A-Z]", name):
        out += ["Mc " + name[2:], "Mc" + name[2:].lower(), "Mac" + name[2:]]
    if re.match(r"^Mac[A-Z]", name):
        out += ["Mac " + name[3:], "Mac" + name[3:].lower(), "Mc" + name[3:]]
    m = re.match(r"^(Al|El)-(.+)$", name)
    if m:
        out += [f"{m.group(1)} {m.group(2)}", f"{m.group(1)}{m.group(2).lower()}", m.group(2)]
    m = re.match(r"^(Abdul|Abdel|Abd) (.+)$", name)
    if m:
        out += [f"{m.group(1)}{m.group(2).lower()}", f"{m.group(1)}-{m.group(2)}"]
    m = re.match(r"^(Abdul|Abdel|Abdi)([a-z]{3,})$", name)
    if m and not out and not name.startswith(("Abdull", "Abdulle")):
        out += [f"{m.group(1)} {m.group(2).capitalize()}", f"{m.group(1)}-{m.group(2).capitalize()}"]
    if name.startswith("St "):
        out += ["St. " + name[3:], "Saint " + name[3:], "St" + name[3:]]
    if "-" in name and not out:
        a, b = name.split("-", 1)
        out += [f"{a} {b}", a + b.lower()]
    if " " in name and not out:
        a, b = name.split(" ", 1)
        out += [f"{a}-{b}", a + b.lower()]
    return out


def v_spacing(cur, p, rng, base_ok):
    """Apostrophes, spaces, hyphens and prefixes written differently:
    O'Brien -> OBrien / O Brien / O'brien; McDonald -> Mc Donald / Mcdonald /
    MacDonald; Al-Hassan -> Al Hassan / Alhassan / Hassan (article dropped);
    Abdul Rahman -> Abdulrahman / Abdul-Rahman; St Louis -> St. Louis / Saint
    Louis; Jean-Baptiste -> Jean Baptiste / Jeanbaptiste."""
    opts = [(part, v) for part in ("family_name", "given_name") for v in spacing_variants(cur[part])]
    if not opts:
        return None
    part, v = rng.choice(opts)
    return dict(cur, **{part: v}), f"{part.split('_')[0]} {cur[part]} -> {v}", None


def v_swapped(cur, p, rng, base_ok):
    if name_key(cur["given_name"]) == name_key(cur["family_name"]):
        return None
    return (dict(cur, given_name=cur["family_name"], family_name=cur["given_name"]),
            f"given and family swapped: {cur['family_name']} {cur['given_name']}", None)


def cyr_variant(p, rng):
    """Same Cyrillic name, another transliteration system (or, for a Ukrainian
    given name, its Russian form as in Russian-language papers)."""
    script = TRADS[p["trad"]].script
    systems = [s for s in SYSTEMS if s.startswith(script + "_")]
    base_sys = "uk_national_2010" if script == "uk" else "ru_bgn"
    choices = []
    for s in systems:
        if s != base_sys:
            choices.append((s, translit(p["given_src"], s), translit(p["family_src"], s)))
    if script == "uk" and p["given_src"] in UK_TO_RU_GIVEN:
        ru = UK_TO_RU_GIVEN[p["given_src"]]
        for s in ("ru_bgn", "ru_icao_2013", "ru_simple"):
            choices.append((s + " (Russian form of given)", translit(ru, s),
                            translit(p["family_src"], "uk_bgn_pcgn")))
    rng.shuffle(choices)
    for s, g, f in choices:
        if (g, f) != (p["given"], p["family"]):
            return s, g, f
    return None


def v_transliteration(cur, p, rng, base_ok):
    """Latin-script names from groups of spellings of one name
    (transliteration.txt: Mohammed/Muhammad/Mohamed..., Gebremedhin/
    Ghebremedhin, Xirsi/Hirsi); Cyrillic names rendered by another system
    (Ukrainian national 2010 vs BGN/PCGN, Soviet-era g, Polish or German
    transcription; Russian BGN vs ICAO 2013 vs simple vs German). One part
    changes, or both (30% when both can)."""
    if TRADS[p["trad"]].script in ("uk", "ru"):
        if (cur["given_name"], cur["family_name"]) != (p["given"], p["family"]):
            return None
        r = cyr_variant(p, rng)
        if not r:
            return None
        s, g, f = r
        return dict(cur, given_name=g, family_name=f), f"{p['given']} {p['family']} -> {g} {f} ({s})", None
    opts = {part: variants_in(TRANSLIT_GROUPS, cur[part]) for part in ("given_name", "family_name")}
    parts = [k for k, v in opts.items() if v]
    if not parts:
        return None
    if len(parts) == 2 and rng.random() >= 0.3:
        parts = [rng.choice(parts)]
    new, det = dict(cur), []
    for part in parts:
        v = rng.choice(opts[part])
        new[part] = v
        det.append(f"{part.split('_')[0]} {cur[part]} -> {v}")
    return new, "; ".join(det), None


def v_diacritics(cur, p, rng, base_ok):
    """Marks dropped: Wiśniewska -> Wisniewska, Łukasz -> Lukasz, Seán -> Sean,
    Kazlauskaitė -> Kazlauskaite (both parts 60%, one part 25%); or German-style
    ö -> oe (Öztürk -> Oeztuerk); or the base was typed without marks and the
    later record has them (15%)."""
    g, f = cur["given_name"], cur["family_name"]
    has = [part for part in ("given_name", "family_name") if strip_marks(cur[part]) != cur[part]]
    if not has:
        return None
    r = rng.random()
    if r < 0.15 and base_ok:
        base = dict(cur, **{part: strip_marks(cur[part]) for part in has})
        return cur, "base typed without marks: " + " ".join(base[k] for k in has), base
    if any(c in (g + f) for c in "öüäÖÜÄ") and rng.random() < 0.3:
        new = dict(cur, **{part: german_marks(cur[part]) for part in has})
        return new, "German-style: " + "; ".join(f"{cur[k]} -> {new[k]}" for k in has), None
    parts = has if (r < 0.75 or len(has) == 1) else [rng.choice(has)]
    new = dict(cur, **{part: strip_marks(cur[part]) for part in parts})
    return new, "marks dropped: " + "; ".join(f"{cur[k]} -> {new[k]}" for k in parts), None


def v_gendered(cur, p, rng, base_ok):
    """A woman's surname in the masculine form (Kowalska -> Kowalski, Nováková
    -> Novák, Kazlauskienė -> Kazlauskas, Bērziņa -> Bērziņš, Kovalska ->
    Kovalskyi), 75%; or the base has the masculine form and the later record
    the feminine one, 25%."""
    if p["gender"] != "female" or not p["family_fem_src"]:
        return None
    t = TRADS[p["trad"]]
    fem, masc = t.latin(p["family_fem_src"]), t.latin(p["family_masc_src"])
    if cur["family_name"] != fem:
        return None
    if rng.random() < 0.25 and base_ok:
        return dict(cur, family_name=fem), f"base {masc}; later {fem}", dict(cur, family_name=masc)
    return dict(cur, family_name=masc), f"family {fem} -> {masc}", None


def v_nickname(cur, p, rng, base_ok):
    """Given name recorded as a familiar form (nicknames.txt: Gary -> Gaz,
    Katarzyna -> Kasia, Oleksandr -> Sasha, Abdirahman -> Abdi, Oluwaseun ->
    Seun), 70%; or the base has the familiar form and the later record the
    formal one, 30%."""
    t = TRADS[p["trad"]]
    src = p["given_src"]
    if cur["given_name"] != p["given"]:
        return None
    if src in NICK_FORMAL:
        nick = t.latin(rng.choice(NICK_FORMAL[src]))
        if name_key(nick) == name_key(cur["given_name"]):
            return None
        if rng.random() < 0.3 and base_ok:
            return cur, f"base {nick}; later {cur['given_name']}", dict(cur, given_name=nick)
        return dict(cur, given_name=nick), f"given {cur['given_name']} -> {nick}", None
    return None


ANGLICISE = {
    "polish": [("szcz", "shch"), ("sz", "sh"), ("cz", "ch"), ("rz", "zh"), ("ch", "h"),
               ("dż", "j"), ("dź", "j"), ("ś", "sh"), ("ć", "ch"), ("ż", "zh"), ("ź", "zh"),
               ("ł", "w"), ("ó", "u"), ("ą", "on"), ("ę", "en"), ("ń", "n"), ("w", "v"),
               ("j", "y"), ("c", "ts")],
    "czech": [("ch", "h"), ("č", "ch"), ("š", "sh"), ("ž", "zh"), ("ř", "rzh"), ("ě", "ye"),
              ("j", "y"), ("c", "ts"), ("á", "a"), ("é", "e"), ("í", "ee"), ("ý", "ee"),
              ("ú", "oo"), ("ů", "oo"), ("ó", "o"), ("ň", "n"), ("ť", "t"), ("ď", "d")],
    "lithuanian": [("š", "sh"), ("ž", "zh"), ("č", "ch"), ("j", "y"), ("c", "ts"), ("ū", "oo"),
                   ("ų", "u"), ("ą", "a"), ("ę", "e"), ("ė", "e"), ("į", "i")],
    "latvian": [("š", "sh"), ("ž", "zh"), ("č", "ch"), ("j", "y"), ("c", "ts"), ("ā", "a"),
                ("ē", "e"), ("ī", "ee"), ("ū", "oo"), ("ņ", "n"), ("ļ", "l"), ("ķ", "k"), ("ģ", "g")],
    "romanian": [("che", "ke"), ("chi", "ki"), ("ghe", "ge"), ("ghi", "gi"), ("ce", "che"),
                 ("ci", "chi"), ("ge", "je"), ("gi", "ji"), ("ș", "sh"), ("ş", "sh"), ("ț", "ts"),
                 ("ţ", "ts"), ("ă", "u"), ("â", "i"), ("î", "i"), ("cu", "ku")],
    "hungarian": [("sz", "s"), ("cs", "ch"), ("zs", "zh"), ("gy", "dj"), ("ly", "y"), ("s", "sh"),
                  ("á", "a"), ("é", "ay"), ("ó", "o"), ("ö", "u"), ("ő", "u"), ("ú", "u"),
                  ("ü", "u"), ("ű", "u"), ("í", "ee")],
}
ANGLICISE["slovak"] = ANGLICISE["czech"]


def anglicise(name, trad):
    """Write a name as an English speaker hears it (Szymański -> Shimanski)."""
    rules = ANGLICISE.get(trad)
    if not rules:
        return None
    low, out, i = name.lower(), [], 0
    while i < len(low):
        for a, b in rules:
            if low.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            out.append(low[i])
            i += 1
    s = "".join(out)
    s = s[:1].upper() + s[1:]
    return s if name_key(s) != name_key(name) else None


def v_phonetic(cur, p, rng, base_ok):
    """Spelt as heard (over the phone, at a noisy day centre): groups in
    phonetic.txt (Stephen/Steven, Siobhán/Shevaun, Thompson/Thomson,
    Reid/Read/Reed), or Polish, Czech, Slovak, Lithuanian, Latvian, Romanian
    and Hungarian names written by English sound (Wójcik -> Vuytsik,
    Gheorghe -> George, Jankauskas -> Yankauskas). One part."""
    opts = []
    for part in ("given_name", "family_name"):
        for v in variants_in(PHONETIC_GROUPS, cur[part]):
            opts.append((part, v))
        a = anglicise(cur[part], p["trad"])
        if a and not any(x == a for _, x in opts):
            opts.append((part, a))
    opts = [(k, v) for k, v in opts if name_key(v) != name_key(cur[k])]
    if not opts:
        return None
    part, v = rng.choice(opts)
    return dict(cur, **{part: v}), f"{part.split('_')[0]} {cur[part]} -> {v}", None


def other_family(p, rng):
    """Another surname of p's tradition, in the form p's gender would bear."""
    t = TRADS[p["trad"]]
    f = t.family.pick(rng)
    if t.gendered and p["gender"] == "female":
        f = {"polish": polish_fem, "czech": czech_fem, "latvian": latvian_fem,
             "cyr": cyr_fem}.get(t.gendered, lambda m: lithuanian_fem(m, rng.random() < 0.55))(f)
    return t.latin(f)


def v_family_changed(cur, p, rng, base_ok):
    """Another surname, nothing recorded to link them (marriage or divorce,
    stepfather's name, Somali grandfather's name instead of father's): same
    given name, date of birth and gender."""
    for _ in range(20):
        f = other_family(p, rng)
        if name_key(f) != name_key(cur["family_name"]) and lev(name_key(f), name_key(cur["family_name"])) > 2:
            return dict(cur, family_name=f), f"family {cur['family_name']} -> {f}", None
    return None


ADOPTED_M = ["John", "David", "Sam", "Alex", "Mike", "Tony", "Adam", "Daniel", "Tom", "Chris",
             "Jack", "Danny", "Eddie", "Harry", "Max", "Nick", "Ricky", "Steve"]
ADOPTED_F = ["Mary", "Anna", "Sarah", "Lucy", "Kate", "Jenny", "Sophie", "Emma", "Nina",
             "Lisa", "Maria", "Amy", "Rose", "Jess"]


def v_alias(cur, p, rng, base_ok):
    """The person also uses another name. The other name is a different surname
    (40%), another given name (35%: an adopted English name for people of
    other traditions, e.g. Oluwaseun also uses "Sam"; another British name for
    British and Irish people), or a different full name (25%). Either the base lists the other name as alias and the later
    record is made under it (50%), or the later record is made under the other
    name and lists the base name as alias (50%)."""
    t = TRADS[p["trad"]]
    g, f = cur["given_name"], cur["family_name"]
    r = rng.random()
    gl = t.given_f if p["gender"] == "female" else t.given_m
    ad = ADOPTED_F if p["gender"] == "female" else ADOPTED_M
    if r < 0.40:
        ag, af = g, other_family(p, rng)
        how = "other surname"
    elif r < 0.75:
        ag = rng.choice(ad) if p["trad"] not in ("british", "irish") else t.latin(gl.pick(rng))
        af = f
        how = "other given name"
    else:
        ag, af = t.latin(gl.pick(rng)), other_family(p, rng)
        how = "other full name"
    if name_key(ag + af) == name_key(g + f) or (ag != g and name_key(ag) == name_key(g)):
        return None
    if ag == g and lev(name_key(af), name_key(f)) <= 2:
        return None
    if rng.random() < 0.5 and base_ok:
        base = dict(cur, alias_given=ag, alias_family=af)
        later = dict(cur, given_name=ag, family_name=af)
        return later, f"{how}; base lists alias {ag} {af}; later made under it", base
    later = dict(cur, given_name=ag, family_name=af, alias_given=g, alias_family=f)
    return later, f"{how}; later made as {ag} {af} with alias {g} {f}", None


# ---------------------------------------------------------------- date variation rules

def full(cur):
    d = parse_dob(cur["dob"])
    return date(*d) if d and d[2] else None


def near_name(cur, p, rng):
    """For the DOB-missing kinds: name exact (80%) or one small slip (20%)."""
    if rng.random() >= 0.2:
        return cur, ""
    for fn in (lambda c: v_typo_given(c, p, rng, False), lambda c: v_doubled(c, p, rng, False),
               lambda c: v_diacritics(c, p, rng, False), lambda c: v_typo_family(c, p, rng, False)):
        r = fn(cur)
        if r:
            return r[0], "; name: " + r[1]
    return cur, ""


def v_missing_dob(cur, p, rng, base_ok):
    """No date of birth (and no estimated age) on one side: the later record
    (70%) or the base (30%). Name exact, or with one slip in 20%."""
    d = full(cur)
    if not d:
        return None
    named, extra = near_name(cur, p, rng)
    if rng.random() < 0.3 and base_ok:
        return dict(named), "base has no date of birth" + extra, dict(cur, dob="", estimated_age="")
    return dict(named, dob="", estimated_age=""), f"later has no date of birth (true {fmt(d)})" + extra, None


def v_year_only(cur, p, rng, base_ok):
    """Only the year (70%) or year and month (30%) known, on the later record
    (75%) or the base (25%)."""
    d = full(cur)
    if not d:
        return None
    part = str(d.year) if rng.random() < 0.7 else f"{d.year}-{d.month:02d}"
    if rng.random() < 0.25 and base_ok:
        return dict(cur), f"base has dob {part}; later {fmt(d)}", dict(cur, dob=part)
    return dict(cur, dob=part), f"dob {fmt(d)} -> {part}", None


def est_error(rng):
    r = rng.random()
    if r < 0.40:
        return 0
    if r < 0.70:
        return rng.choice([-1, 1])
    if r < 0.85:
        return rng.choice([-2, 2])
    return rng.choice([-5, -4, -3, 3, 4, 5])


def v_estimated(cur, p, rng, base_ok):
    """No date of birth, only a worker's estimate of age on 2026-12-01: true age
    (40%), one year off (30%), two (15%), three to five (15%); on the later
    record (75%) or the base (25%)."""
    d = full(cur)
    if not d:
        return None
    est = max(16, age_on(d) + est_error(rng))
    if rng.random() < 0.25 and base_ok:
        return dict(cur), f"base has estimated age {est}; later {fmt(d)} (true age {age_on(d)})", \
            dict(cur, dob="", estimated_age=str(est))
    return dict(cur, dob="", estimated_age=str(est)), f"dob {fmt(d)} -> estimated age {est} (true {age_on(d)})", None


def v_dm_swap(cur, p, rng, base_ok):
    d = full(cur)
    if not d or d.day > 12 or d.day == d.month:
        return None
    n = valid_date(d.year, d.day, d.month)
    return n and (dict(cur, dob=fmt(n)), f"dob {fmt(d)} -> {fmt(n)} (day and month swapped)", None)


def v_dm_digit(cur, p, rng, base_ok):
    """One digit of the day or the month mistyped (keypad neighbour 60%)."""
    d = full(cur)
    if not d:
        return None
    for _ in range(30):
        field = "day" if rng.random() < 0.6 else "month"
        s = f"{d.day:02d}" if field == "day" else f"{d.month:02d}"
        i = rng.randrange(2)
        s2 = s[:i] + other_digit(rng, s[i]) + s[i + 1:]
        n = valid_date(d.year, d.month, int(s2)) if field == "day" else valid_date(d.year, int(s2), d.day)
        if n and n != d and not (n.day == d.month and n.month == d.day):
            return dict(cur, dob=fmt(n)), f"dob {fmt(d)} -> {fmt(n)} ({field} digit)", None
    return None


def v_year_digit(cur, p, rng, base_ok):
    """One digit of the year mistyped: the last digit (75%) or the decade (25%),
    keypad neighbour 60%."""
    d = full(cur)
    if not d:
        return None
    for _ in range(30):
        i = 3 if rng.random() < 0.75 else 2
        y = str(d.year)
        y2 = y[:i] + other_digit(rng, y[i]) + y[i + 1:]
        n = valid_date(int(y2), d.month, d.day)
        if n and n != d:
            return dict(cur, dob=fmt(n)), f"dob {fmt(d)} -> {fmt(n)} (year digit)", None
    return None


VARIANTS = {
    "typo_given": v_typo_given, "typo_family": v_typo_family, "typo_both": v_typo_both,
    "doubled_letter": v_doubled, "transposed_letters": v_transposed,
    "hyphenated_or_double_barrelled": v_hyphenated, "spacing_punctuation": v_spacing,
    "swapped_names": v_swapped, "transliteration": v_transliteration, "diacritics": v_diacritics,
    "gendered_surname": v_gendered, "nickname": v_nickname, "phonetic_spelling": v_phonetic,
    "family_name_changed": v_family_changed, "alias": v_alias, "missing_dob": v_missing_dob,
    "year_only_dob": v_year_only, "estimated_age_only": v_estimated,
    "dob_day_month_swapped": v_dm_swap, "dob_day_or_month_digit": v_dm_digit,
    "dob_year_digit": v_year_digit,
}

# Two at once, as they happen together in practice (first is applied first).
COMBOS = [
    ("nickname", "missing_dob"), ("nickname", "estimated_age_only"),
    ("typo_family", "year_only_dob"), ("typo_given", "dob_day_or_month_digit"),
    ("transliteration", "dob_day_month_swapped"), ("transliteration", "year_only_dob"),
    ("transliteration", "swapped_names"), ("gendered_surname", "diacritics"),
    ("phonetic_spelling", "missing_dob"), ("doubled_letter", "dob_year_digit"),
    ("spacing_punctuation", "estimated_age_only"), ("hyphenated_or_double_barrelled", "missing_dob"),
    ("swapped_names", "missing_dob"), ("typo_both", "year_only_dob"),
]


def v_combined(cur, p, rng, base_ok, combo=None):
    a, b = combo or rng.choice(COMBOS)
    r1 = VARIANTS[a](cur, p, rng, base_ok)
    if not r1:
        return None
    r2 = VARIANTS[b](r1[0], p, rng, False)
    if not r2 or r2[0] == (r1[2] or cur):
        return None
    return r2[0], f"{a}: {r1[1]} + {b}: {r2[1]}", r1[2]


VARIANTS["combined"] = v_combined

# Which traditions a kind's base people come from (None = the population mix).
TRANSLIT_TRADS = {"arabic": 3, "somali": 3, "south_asian": 3, "afghan": 2, "eritrean": 3,
                  "ukrainian": 3, "russian": 1, "iranian": 1, "kurdish_sorani": 1, "albanian": 1,
                  "vietnamese_chinese": 1}
MARK_TRADS = {"polish": 5, "czech": 2, "slovak": 2, "romanian": 2, "lithuanian": 3, "latvian": 1,
              "irish": 3, "kurdish_kurmanji": 1, "hungarian": 1, "turkish": 1, "albanian": 1}
KIND_TRADS = {
    "transliteration": TRANSLIT_TRADS,
    "diacritics": MARK_TRADS,
    "gendered_surname": {"polish": 5, "czech": 2, "slovak": 2, "lithuanian": 3, "latvian": 1,
                         "ukrainian": 2, "russian": 1},
    "spacing_punctuation": {"irish": 5, "british": 3, "arabic": 3, "afghan": 2, "south_asian": 2,
                            "caribbean": 1, "somali": 1},
    "phonetic_spelling": {"british": 4, "irish": 3, "polish": 3, "romanian": 2, "lithuanian": 1,
                          "czech": 1, "slovak": 1, "hungarian": 1, "eritrean": 1, "nigerian": 1},
    "swapped_names": {"british": 2, "somali": 2, "eritrean": 2, "vietnamese_chinese": 2,
                      "romanian": 1, "hungarian": 1, "afghan": 1, "arabic": 1, "ukrainian": 1,
                      "polish": 1},
    "hyphenated_or_double_barrelled": {"british": 6, "caribbean": 1, "polish": 2, "irish": 1},
}
KIND_GENDER = {"gendered_surname": "female"}


def pick_trad(kind, rng):
    w = KIND_TRADS.get(kind)
    if not w:
        return POP.pick(rng)
    names = list(w)
    return Weighted(names, [w[n] for n in names]).pick(rng)


def make_base_for(kind, rng, combo=None):
    """A person and base record on which `kind` applies (retrying people)."""
    k0 = combo[0] if combo else kind
    for _ in range(500):
        trad = pick_trad(k0, rng)
        gender = KIND_GENDER.get(k0) or (("female" if rng.random() < 0.75 else "male")
                                         if k0 == "family_name_changed" else None)
        p = make_person(trad, rng, gender)
        base = new_record(p, rng, "full")
        if combo:
            r = v_combined(base, p, rng, True, combo)
        else:
            r = VARIANTS[kind](base, p, rng, True)
        if r:
            return p, base, r
    raise RuntimeError(f"no base found for {kind} {combo}")


# ---------------------------------------------------------------- hard negatives

def far_dob(rng, d):
    """A date of birth no one would take for a slip of `d`."""
    while True:
        n = sample_dob(rng)
        if abs(n.year - d.year) >= 3 and (n.month, n.day) != (d.month, d.day) \
                and (n.month, n.day) != (d.day, d.month):
            return n


def variant_keys(name):
    ks = [name_key(name)]
    for v in variants_in(TRANSLIT_GROUPS, name) + variants_in(PHONETIC_GROUPS, name) \
            + NICK_FORMAL.get(name, []) + NICK_REVERSE.get(name, []):
        ks.append(name_key(v))
    return ks


def distinct_given(rng, p, gender):
    """Another given name of the same tradition that is not a variant of p's
    (no nickname, spelling or doubled-letter relation; edit distance >= 2)."""
    t = TRADS[p["trad"]]
    gl = t.given_f if gender == "female" else t.given_m
    bad = variant_keys(p["given"])
    for _ in range(200):
        g = t.latin(gl.pick(rng))
        k = name_key(g)
        if k not in bad and lev(k, name_key(p["given"])) >= 2 and \
                not any(name_key(x) == name_key(p["given"]) for x in variant_keys(g)):
            return g
    return None


ALL_GIVEN = {}
ALL_FAMILY = {}
for _t in TRADS.values():
    for _g in _t.given_m.items:
        ALL_GIVEN.setdefault(_t.latin(_g), "male")
    for _g in _t.given_f.items:
        ALL_GIVEN.setdefault(_t.latin(_g), "female")
    for _f in _t.family.items:
        ALL_FAMILY.setdefault(_t.latin(_f), 1)
GIVEN_SORTED = sorted(ALL_GIVEN)
FAMILY_SORTED = sorted(ALL_FAMILY)
KEYS = {n: name_key(n) for n in GIVEN_SORTED + FAMILY_SORTED}


def one_letter_other_name(name, pool, gender=None):
    """Real names from the lists one substitution, insertion or deletion away,
    excluding spelling variants of the same name (Philip/Phillip, diacritics,
    transliteration, phonetic and nickname groups)."""
    k = name_key(name)
    bad = variant_keys(name)
    out = []
    for n in pool:
        if gender and ALL_GIVEN.get(n) != gender:
            continue
        kn = KEYS[n]
        if kn == k or kn in bad or abs(len(kn) - len(k)) > 1 or lev(kn, k) != 1:
            continue
        if re.sub(r"(.)\1", r"\1", kn) == re.sub(r"(.)\1", r"\1", k):
            continue  # doubled letter only: a spelling variant, not another name
        if kn[:-1] == k[:-1] or kn == k[:-1] or k == kn[:-1]:
            continue  # last letter only: often the other gender's form (Hradecká/Hradecký)
        out.append(n)
    return out


def hard_negative(kind, target, p, rng):
    """Returns (record fields, detail) for a different person like `target`."""
    d = full(target)
    g, f = target["given_name"], target["family_name"]
    gender = p["gender"]
    rec = {"given_name": g, "family_name": f, "dob": "", "estimated_age": "",
           "gender": gender, "alias_given": "", "alias_family": ""}
    if kind == "namesake_other_dob":
        n = far_dob(rng, d)
        return dict(rec, dob=fmt(n)), f"same name as record, dob {fmt(d)} vs {fmt(n)}"
    if kind == "twin":
        gg = rng.choice(["male", "female"])
        og = distinct_given(rng, p, gg)
        if not og:
            return None
        fam = f
        t = TRADS[p["trad"]]
        if p["family_fem_src"]:
            fam = t.latin(p["family_fem_src"] if gg == "female" else p["family_masc_src"])
        return dict(rec, given_name=og, family_name=fam, gender=gg, dob=fmt(d)), \
            f"twin: {og} {fam} born {fmt(d)} like {g} {f}"
    if kind == "parent_child":
        for _ in range(50):
            gap = rng.randint(18, 40) * rng.choice([-1, 1])
            a = age_on(d) + gap
            if 16 <= a <= 92:
                n = sample_dob(rng, a)
                if (n.month, n.day) != (d.month, d.day):
                    return dict(rec, dob=fmt(n)), f"{'parent' if gap > 0 else 'child'} with the same name, {abs(n.year - d.year)} years apart"
        return None
    if kind == "sibling":
        gg = rng.choice(["male", "female"])
        og = distinct_given(rng, p, gg)
        if not og:
            return None
        for _ in range(50):
            a = age_on(d) + rng.choice([-1, 1]) * rng.randint(1, 10)
            if 16 <= a <= 92:
                n = sample_dob(rng, a)
                if abs((n - d).days) >= 300 and (n.month, n.day) != (d.month, d.day):
                    fam = f
                    t = TRADS[p["trad"]]
                    if p["family_fem_src"]:
                        fam = t.latin(p["family_fem_src"] if gg == "female" else p["family_masc_src"])
                    return dict(rec, given_name=og, family_name=fam, gender=gg, dob=fmt(n)), \
                        f"sibling of {g} {f}: {og}, born {fmt(n)} vs {fmt(d)}"
        return None
    if kind == "similar_name_other_person":
        opts = [("given_name", n) for n in one_letter_other_name(g, GIVEN_SORTED, gender if gender != "non_binary" else None)]
        opts += [("family_name", n) for n in one_letter_other_name(f, FAMILY_SORTED)]
        if not opts:
            return None
        part, n = rng.choice(opts)
        nd = far_dob(rng, d)
        return dict(rec, **{part: n}, dob=fmt(nd)), \
            f"{part.split('_')[0]} {target[part]} vs {n}; dob {fmt(d)} vs {fmt(nd)}"
    raise ValueError(kind)


# ---------------------------------------------------------------- assembly

def blank_gender(rec, rng):
    """8% of later records leave gender blank (not asked, or not recorded)."""
    return dict(rec, gender="") if rec["gender"] and rng.random() < 0.08 else rec


def later_time(rng, t0):
    """When a later record is made: 30% soon after (same night, another
    service), otherwise any time until the end of the period."""
    if rng.random() < 0.3:
        return t0 + (1 - t0) * rng.random() * 0.02
    return t0 + (1 - t0) * rng.random()


def build():
    rng = rng_for("main")
    items = []  # dicts with t, cluster (internal), kind, rec, src (index into items), detail, person
    quota = {k: PER_KIND for k in DUP_KINDS}
    cluster_n = 0

    def add(rec, kind, t, cluster, person, src=None, detail=""):
        items.append({"rec": rec, "kind": kind, "t": t, "cluster": cluster, "person": person,
                      "src": src, "detail": detail})
        return len(items) - 1

    # 1. People recorded more than once.
    while any(quota.values()):
        open_kinds = [k for k in DUP_KINDS if quota[k] > 0]
        kind = Weighted(open_kinds, [quota[k] for k in open_kinds]).pick(rng)
        combo = rng.choice(COMBOS) if kind == "combined" else None
        p, base, (later, detail, base_change) = make_base_for(kind, rng, combo)
        if base_change:
            base = base_change
        later = blank_gender(later, rng)
        quota[kind] -= 1
        cluster_n += 1
        t0 = rng.random()
        bi = add(base, "base", t0, cluster_n, p)
        add(later, kind, later_time(rng, t0), cluster_n, p, bi, detail)
        r = rng.random()
        extra = 1 if r < 0.17 else 2 if r < 0.21 else 0
        for _ in range(extra):
            cands = [k for k in DUP_KINDS if quota[k] > 0 and k != "combined"]
            rng.shuffle(cands)
            for k in cands:
                v = VARIANTS[k](base, p, rng, False)
                if v and v[0] != base:
                    quota[k] -= 1
                    add(blank_gender(v[0], rng), k, later_time(rng, t0), cluster_n, p, bi, v[1])
                    break

    n_dup = sum(1 for it in items if it["kind"] != "base")
    n_background = TOTAL - len(items) - HARD_PER_TYPE * len(HARD_TYPES)

    # 2. Everyone else, recorded once (the background population). The people
    # above were drawn per kind (transliteration needs Arabic, Somali,
    # Ukrainian... names), so the background makes up the difference: each
    # tradition gets what it still lacks of its share of all base people.
    n_bases = n_background + sum(1 for it in items if it["kind"] == "base")
    used = {t: 0 for t in TRADS}
    for it in items:
        if it["kind"] == "base":
            used[it["person"]["trad"]] += 1
    lack = {t: max(0.0, TRADS[t].share / POP.total * n_bases - used[t]) for t in TRADS}
    background_pop = Weighted(list(lack), [lack[t] for t in lack])
    for _ in range(n_background):
        p = make_person(background_pop.pick(rng), rng)
        rec = new_record(p, rng, "background")
        if rng.random() < 0.03:
            t = TRADS[p["trad"]]
            if rng.random() < 0.5 and p["given_src"] in NICK_FORMAL:
                rec["alias_given"], rec["alias_family"] = t.latin(rng.choice(NICK_FORMAL[p["given_src"]])), rec["family_name"]
            else:
                af = other_family(p, rng)
                if name_key(af) != name_key(rec["family_name"]):
                    rec["alias_given"], rec["alias_family"] = rec["given_name"], af
        cluster_n += 1
        add(rec, "base", rng.random(), cluster_n, p)

    # 3. Different people made to look like someone already recorded.
    # Targets: people whose records all carry a full date of birth, so that a
    # hard negative is told apart by its date (a same-name record without one
    # could not be).
    partial = {it["cluster"] for it in items if not full(it["rec"])}
    bases = [i for i, it in enumerate(items) if it["kind"] == "base" and it["cluster"] not in partial
             and not it["rec"]["alias_given"]]
    by_commonness = sorted(bases, key=lambda i: (-items[i]["person"]["p_name"], i))
    common = by_commonness[: len(by_commonness) // 4]
    for ht in HARD_TYPES:
        made = 0
        while made < HARD_PER_TYPE:
            ti = rng.choice(common if ht == "namesake_other_dob" else bases)
            tgt = items[ti]
            r = hard_negative(ht, tgt["rec"], tgt["person"], rng)
            if not r:
                continue
            rec, detail = r
            cluster_n += 1
            p2 = dict(tgt["person"], gender=rec["gender"])
            add(rec, "hard_negative_" + ht, later_time(rng, tgt["t"]), cluster_n, p2, ti, detail)
            made += 1

    moved = fix_coincidences(items, rng)
    per_trad = {}
    for it in items:
        if it["kind"] == "base":
            per_trad[it["person"]["trad"]] = per_trad.get(it["person"]["trad"], 0) + 1
    print(f"background dates of birth moved to avoid a coincidence: {moved}")
    print("base people per naming tradition: " + ", ".join(
        f"{t} {n}" for t, n in sorted(per_trad.items(), key=lambda kv: (-kv[1], kv[0]))))

    # 4. Creation order, then ids.
    order = sorted(range(len(items)), key=lambda i: (items[i]["t"], i))
    rid = {}
    cid = {}
    rows, derivs = [], []
    for n, i in enumerate(order, 1):
        rid[i] = n
    for i in order:
        it = items[i]
        if it["cluster"] not in cid:
            cid[it["cluster"]] = len(cid) + 1
        rec = it["rec"]
        rows.append({"record_id": rid[i], "cluster_id": cid[it["cluster"]], "kind": it["kind"],
                     **{k: rec[k] for k in COLUMNS[3:]}})
        if it["src"] is not None:
            derivs.append({"record_id": rid[i], "like_record_id": rid[it["src"]],
                           "kind": it["kind"], "detail": it["detail"]})
    return rows, derivs


def confusable(a, b):
    """Two different people a human would also take for one: same name key and
    the same full date of birth, or dates one slip apart."""
    da, db = full(a), full(b)
    if not (da and db):
        return False
    if da == db or (da.day, da.month) == (db.month, db.day) and da.year == db.year:
        return True
    sa, sb = fmt(da), fmt(db)
    return sum(x != y for x, y in zip(sa, sb)) == 1


def fix_coincidences(items, rng):
    """Background people who by chance share a name and (nearly) a date of
    birth with someone else get a new date of birth: otherwise the label
    'different people' would be unknowable. Returns how many were moved."""
    referenced = {it["src"] for it in items if it["src"] is not None}
    moved = 0
    for _ in range(10):
        by_name = {}
        for i, it in enumerate(items):
            r = it["rec"]
            by_name.setdefault(name_key(r["given_name"]) + "|" + name_key(r["family_name"]), []).append(i)
        changed = 0
        for key in sorted(by_name):
            idx = by_name[key]
            for x in range(len(idx)):
                for y in range(x + 1, len(idx)):
                    a, b = items[idx[x]], items[idx[y]]
                    if a["cluster"] == b["cluster"] or not confusable(a["rec"], b["rec"]):
                        continue
                    plain = [i for i in (idx[y], idx[x]) if items[i]["kind"] == "base"
                             and items[i]["src"] is None and i not in referenced]
                    if not plain:
                        raise RuntimeError(f"coincidence between two made records: {key}")
                    victim = items[plain[0]]
                    victim["rec"]["dob"] = fmt(far_dob(rng, full(victim["rec"])))
                    changed += 1
        moved += changed
        if not changed:
            return moved
    raise RuntimeError("coincidences did not settle")


# ---------------------------------------------------------------- output and checks

def write(rows, derivs):
    with open(HERE / "records.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(HERE / "derivations.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["record_id", "like_record_id", "kind", "detail"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(derivs)


def check():
    """Re-reads the files and checks every promise the README makes."""
    errors = []
    with open(HERE / "records.csv", encoding="utf-8", newline="") as fh:
        rd = csv.DictReader(fh)
        if rd.fieldnames != COLUMNS:
            errors.append(f"header {rd.fieldnames}")
        rows = list(rd)
    kinds_ok = set(["base"] + DUP_KINDS + ["hard_negative_" + h for h in HARD_TYPES])
    seen_cluster_base = {}
    counts = {}
    for n, r in enumerate(rows, 1):
        if int(r["record_id"]) != n:
            errors.append(f"record_id {r['record_id']} at line {n}")
        k = r["kind"]
        counts[k] = counts.get(k, 0) + 1
        if k not in kinds_ok:
            errors.append(f"{n}: kind {k}")
        c = r["cluster_id"]
        if k == "base" or k.startswith("hard_negative_"):
            if c in seen_cluster_base:
                errors.append(f"{n}: second first-record in cluster {c}")
            seen_cluster_base[c] = n
        elif c not in seen_cluster_base:
            errors.append(f"{n}: duplicate before its base (cluster {c})")
        dob = r["dob"]
        if dob:
            m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", dob)
            if not m:
                errors.append(f"{n}: dob {dob}")
            else:
                y, mo, d = (int(x) if x else None for x in m.groups())
                try:
                    dd = date(y, mo or 1, d or 1)
                    if dd > RECORD_DATE:
                        errors.append(f"{n}: dob in future {dob}")
                except ValueError:
                    errors.append(f"{n}: invalid dob {dob}")
            if r["estimated_age"]:
                errors.append(f"{n}: estimated_age with dob")
        if r["estimated_age"] and not r["estimated_age"].isdigit():
            errors.append(f"{n}: estimated_age {r['estimated_age']}")
        if r["gender"] not in ("female", "male", "non_binary", ""):
            errors.append(f"{n}: gender {r['gender']}")
        if not r["given_name"] or not r["family_name"]:
            errors.append(f"{n}: empty name")
        if bool(r["alias_given"]) != bool(r["alias_family"]):
            errors.append(f"{n}: half an alias")
        for col in COLUMNS[3:]:
            if r[col] != r[col].strip():
                errors.append(f"{n}: whitespace in {col}")
    # A hard negative's cluster and a background person's cluster have one record.
    sizes = {}
    for r in rows:
        sizes[r["cluster_id"]] = sizes.get(r["cluster_id"], 0) + 1
    for r in rows:
        if r["kind"].startswith("hard_negative_") and sizes[r["cluster_id"]] != 1:
            errors.append(f"hard negative {r['record_id']} shares its cluster")
    # Every non-base record is explained, by an earlier record.
    with open(HERE / "derivations.csv", encoding="utf-8", newline="") as fh:
        der = {d["record_id"]: d for d in csv.DictReader(fh)}
    by_id = {r["record_id"]: r for r in rows}
    for r in rows:
        d = der.get(r["record_id"])
        if (r["kind"] == "base") != (d is None):
            errors.append(f"{r['record_id']}: derivation missing or extra")
        elif d:
            src = by_id.get(d["like_record_id"])
            if not src or int(src["record_id"]) >= int(r["record_id"]) or d["kind"] != r["kind"]:
                errors.append(f"{r['record_id']}: bad derivation {d}")
            elif not r["kind"].startswith("hard_negative_") and src["cluster_id"] != r["cluster_id"]:
                errors.append(f"{r['record_id']}: derived from another cluster")
            elif r["kind"].startswith("hard_negative_") and src["cluster_id"] == r["cluster_id"]:
                errors.append(f"{r['record_id']}: hard negative in its target's cluster")
    # Counts per kind in README must equal the file.
    readme = (HERE / "README.md").read_text(encoding="utf-8") if (HERE / "README.md").exists() else ""
    for k, v in counts.items():
        if not re.search(rf"^\| `{re.escape(k)}` \| {v} \|", readme, re.M):
            errors.append(f"README count for {k} is not {v}")
    m = re.search(r"^\| \*\*all records\*\* \| (\d+) \|", readme, re.M)
    if not m or int(m.group(1)) != len(rows):
        errors.append(f"README total is not {len(rows)}")
    return rows, counts, errors


def summary(rows, counts):
    dup = sum(v for k, v in counts.items() if k in DUP_KINDS)
    hard = sum(v for k, v in counts.items() if k.startswith("hard_negative_"))
    clusters = {}
    for r in rows:
        clusters.setdefault(r["cluster_id"], []).append(r)
    multi = sum(1 for c in clusters.values() if len(c) > 1)
    fam = {}
    for r in rows:
        if r["kind"] == "base":
            fam[r["family_name"]] = fam.get(r["family_name"], 0) + 1
    bases = counts.get("base", 0)
    top = sorted(fam.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    single = sum(1 for v in fam.values() if v == 1)
    names = {}
    for r in rows:
        names.setdefault((name_key(r["given_name"]), name_key(r["family_name"])), []).append(r)
    namesake_pairs = nodob_pairs = 0
    for group in names.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                a, b = group[i], group[j]
                if a["cluster_id"] != b["cluster_id"]:
                    namesake_pairs += 1
                    if not (full(a) and full(b)):
                        nodob_pairs += 1
    print(f"records {len(rows)}; base {bases}; later records of the same person {dup}; "
          f"hard negatives {hard}; clusters with more than one record {multi}")
    print(f"distinct family names among base records {len(fam)}, used once {single}; top: "
          + ", ".join(f"{k} {v} ({100 * v / bases:.2f}%)" for k, v in top))
    print(f"pairs of different people with the same name (after folding case and marks): "
          f"{namesake_pairs}, of which one side has no full date of birth: {nodob_pairs}")
    print("| kind | records |")
    print("| --- | --- |")
    for k in ["base"] + DUP_KINDS + ["hard_negative_" + h for h in HARD_TYPES]:
        print(f"| `{k}` | {counts.get(k, 0)} |")
    print(f"| **all records** | {len(rows)} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the committed files")
    args = ap.parse_args()
    if not args.check:
        rows, derivs = build()
        write(rows, derivs)
    rows, counts, errors = check()
    summary(rows, counts)
    for e in errors[:50]:
        print("ERROR:", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problems", file=sys.stderr)
        sys.exit(1)
    print("checks passed")


if __name__ == "__main__":
    main()
