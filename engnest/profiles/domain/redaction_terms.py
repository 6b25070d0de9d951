"""Hand-kept word lists the pitch redactor reasons with (the generated lists are in `name_lexicon`).

Folded (lower case, no Latin accents). Each list says why a word is there; add to them when a real pitch
shows a miss or a false hit, with a corpus case (tests/domain/data) that proves it.
"""

from __future__ import annotations

# Tools, languages, companies, universities and units that carry a person's name but are a thing.
TECH_TERMS = frozenset(
    """ada julia ruby pascal haskell crystal swift django flask rails jenkins kafka hugo jekyll gatsby jupyter
    ansible grafana kubernetes docker linux debian ubuntu arduino raspberry tesla ford dyson boeing airbus
    siemens bosch honda toyota nissan porsche ferrari volvo jaguar bentley mercedes benz lincoln chevrolet
    dodge chrysler harley davidson hitachi sony samsung apple amazon google nvidia intel qualcomm altium kicad
    eagle simulink labview revit maya blender houdini unity godot alexa siri watson jarvis emerson honeywell
    schneider kelvin newton watt joule ohm volta ampere hertz faraday henry gauss weber coulomb bose
    marshall fender gibson moog korg roland yamaha casio nokia ericsson philips miele dell lenovo asus
    acer logitech wacom caterpillar deere kubota komatsu hilti makita dewalt milwaukee stanley black decker
    mastercam fusion onshape ansys abaqus comsol autodesk catia nastran solidworks matlab octave sage maple
    wolfram mathematica kotlin scala elixir erlang clojure perl lua fortran cobol ocaml dart flutter nim zig
    rust golang python java javascript typescript php react angular vue svelte ember redis postgres mysql
    mongo mongodb cassandra spark hadoop hive airflow celery pandas numpy scipy keras pytorch tensorflow
    terraform vagrant packer consul nomad vault heroku vercel netlify figma sketch zeplin jira trello notion
    slack zoom teams stripe twilio shopify oracle cisco juniper arista ibm sap adobe autocad fusion360 inventor
    creo nx ansys openfoam freecad cura prusa ultimaker bambu creality makerbot formlabs esp32 stm32 nordic
    espressif raspberrypi jetson xilinx altera lattice microchip atmel renesas infineon bosch stmicro
    harvard yale stanford cornell purdue vanderbilt princeton mcgill monash caltech duke rice emory tufts
    carnegie mellon hopkins georgetown tsinghua peking cambridge oxford imperial eth epfl kaist nus ntu
    delft aalto technion waterloo""".split()
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
    spectroscopy microscope valley manufacturing sigma box boxes engineer engineers engineering expansion
    set sets notation invariant invariants protocol protocols scheme schemes award prize medal fellowship
    institute university college foundation telescope""".split()
)

# Fixed phrases that contain person names but name a technology, eponym, company, place or public figure:
# the phrase stays whole, even when a word of it is one of the author's names ("Ruby on Rails" by Ruby).
FIXED_PHRASES = tuple(
    p.split()
    for p in """ruby on rails|taylor swift|grace hopper|ada lovelace|alan turing|nikola tesla|elon musk|linus torvalds
    |james dyson|steve jobs|steve wozniak|bill gates|thomas edison|marie curie|isaac newton|albert einstein|richard feynman
    |margaret hamilton|katherine johnson|hedy lamarr|claude shannon|john von neumann|tim berners lee|james watt
    |johnson and johnson|johnson & johnson|rolls royce|lockheed martin|morgan stanley|goldman sachs|john deere
    |hewlett packard|harley davidson|texas instruments|analog devices|general electric|general motors
    |johnson controls|schneider electric|allen bradley|arthur d little|procter and gamble|procter & gamble
    |marks and spencer|marks & spencer|aston martin|bang & olufsen|dolce & gabbana|mercedes benz|black & decker
    |ben & jerry's|ford motor|jet propulsion laboratory|bell labs|max planck|max planck institute|carnegie mellon
    |johns hopkins|georgia tech|virginia tech|penn state|ohio state|imperial college|trinity college
    |king's college|rice university|brown university|howard university|george washington university
    |silicon valley|bay area|middle east|new england|golden gate|sierra nevada|ivy league|julia set
    |taylor series|taylor expansion|jordan normal form|victoria falls|adelaide hills|hope street|grace bay
    |mount kenya|lake victoria|cape cod|rio grande|santa clara|san jose|saint louis|st louis|hong kong
    |tesla coil|tesla model|faraday cage|wheatstone bridge|kalman filter|smith chart|bode plot|fourier transform
    |laplace transform|reynolds number|mach number|ohm's law|hooke's law|young's modulus|newton's method
    |bernoulli's principle|murphy's law|moore's law|conway's law|dijkstra's algorithm|kirchhoff's laws
    |raspberry pi|arduino uno|jupyter notebook|visual studio|android studio|unreal engine|unity engine
    |amazon web services|google cloud|microsoft azure|red hat|sun microsystems
    |ford focus|grace period|will power|hunter valley|ivy bridge|ruby gems|crystal reports|rose gold""".replace("\n", " ").split("|")
)

# Words before a name that make it a person: "my colleague X", "Dr. X", "call me X".
PERSON_CUES = frozenset(
    """dr mr mrs ms mx prof professor sir dame colleague colleagues cofounder co-founder founder friend friends
    mentor mentors mentee teammate teammates partner wife husband brother sister son daughter boss manager
    supervisor advisor adviser student classmate mate named called aka uncle aunt cousin dad mum mom father
    mother grandpa grandma""".split()
)
# Words right before a name that introduce the author: "I'm X", "call me X", "- X", "signed X".
SELF_CUES = ("i'm", "i am", "im", "name is", "name's", "names", "call me", "this is", "it's", "its", "soy", "sono",
             "je suis", "ich bin", "me llamo", "owner", "author", "by", "from", "regards", "cheers", "thanks", "signed")
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
    thursday friday saturday sunday soy aqui ici desu european asian latino latina filipino indonesian
    malaysian egyptian ethiopian moroccan israeli iranian iraqi pakistani bangladeshi sri lankan nepali
    ukrainian czech slovak hungarian romanian bulgarian serbian croatian finnish norwegian danish icelandic
    argentinian argentine chilean colombian peruvian venezuelan cuban jamaican haitian tamil telugu kannada
    malayalam bengali punjabi gujarati marathi urdu mandarin cantonese hausa zulu xhosa amharic somali
    metro storm sun wind rain cloud star stars sky ocean river forest desert mountain north south east west
    ceo cto cfo coo vp phd msc bsc meng beng mba ai ml iot api cad cam cnc fea cfd pcb ros""".split()
)
# Names that are also everyday English words: they are a person only with context ("Mark and I",
# "Mark Green", "Dr. Mark"), never on their own ("Mark the holes", "Hope to meet you").
NAME_WORDS = frozenset(
    """will mark frank jack ray don jay bill dean glen gene lance max rex drew clay chuck rod rob cliff rusty basil
    dusty ivory bud mac herb sterling earnest van heath nick miles hunter mason taylor piper sawyer parker victor
    rose ruby robin crystal dawn grace amber holly pearl joy penny violet misty daisy iris opal melody olive faith
    ebony jewel aurora laurel fern candy charity lily autumn ivy eve jade angel merry sunny brook coral magnolia
    nova prudence mercy glory patience echo blossom summer june may april hope sue pat sandy gale sherry hazel
    heather ginger jasmine rosemary dolly kay sky storm river rain wren sage reed forest ocean
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
EXTRA_WORDS = frozenset(
    """startup startups app apps online offline website websites email emails blog blogs podcast wifi iot api apis
    saas fintech robotics drone drones firmware hackathon hackathons makerspace makerspaces lidar rover rovers
    microcontroller microcontrollers dataset datasets backend frontend fullstack devops opensource repo repos
    prototype prototyping cofounder co-founder mentoring mentorship freelance freelancer coworking biotech
    cleantech medtech edtech agritech proptech ebike ebikes esports smartphone smartphones emoji""".split()
)

# Diminutives that the `nicknames` list (English names) does not know: canonical -> short forms.
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    k: tuple(v.split())
    for k, v in {
        "maximiliano": "max maxi", "maximilian": "max maxi", "maximilien": "max", "massimo": "max", "maxime": "max",
        "venkatesh": "venky venki venkat", "venkat": "venky", "venkataraman": "venky venkat", "subramanian": "subbu mani",
        "balasubramanian": "balu bala subbu", "srinivasan": "srini cheenu", "ramakrishnan": "ramki", "krishnamurthy": "krish",
        "siddharth": "sid", "abhishek": "abhi", "vishwanath": "vishu vishy", "rajesh": "raj", "lakshmi": "lucky",
        "malgorzata": "gosia malgosia goska", "wojciech": "wojtek", "katarzyna": "kasia kaska", "aleksandra": "ola",
        "agnieszka": "aga", "krzysztof": "krzys krzysiek", "grzegorz": "grzesiek grzes", "bartlomiej": "bartek",
        "tomasz": "tomek", "mateusz": "mati", "jakub": "kuba", "piotr": "piotrek", "magdalena": "magda", "joanna": "asia",
        "aleksander": "olek alek", "alexander": "sasha sascha", "aleksandr": "sasha shura", "oleksandr": "sasha oles",
        "dmitri": "dima", "dmitry": "dima", "dmitrii": "dima", "dmytro": "dima", "vladimir": "vova volodya",
        "volodymyr": "vova", "ekaterina": "katya", "yekaterina": "katya", "anastasia": "nastya", "tatiana": "tanya",
        "tatyana": "tanya", "natalia": "natasha", "mikhail": "misha", "ivan": "vanya", "evgeny": "zhenya",
        "yevgeny": "zhenya", "yevhen": "zhenya", "elena": "lena", "olga": "olya", "svetlana": "sveta", "pavel": "pasha",
        "nikolai": "kolya", "sergei": "seryozha", "sergey": "seryozha", "jose": "pepe chepe", "francisco": "paco pancho cisco",
        "ignacio": "nacho", "guadalupe": "lupe", "jesus": "chucho chuy", "enrique": "quique", "eduardo": "lalo edu",
        "guillermo": "memo", "alejandro": "alex jandro", "alejandra": "ale", "roberto": "beto", "alberto": "beto",
        "gonzalo": "gonza", "santiago": "santi", "joaquin": "joaco", "concepcion": "concha conchita", "dolores": "lola",
        "manuel": "manolo manu", "antonio": "tono toni", "rafael": "rafa", "fernando": "nando", "federico": "fede",
        "oluwafemi": "femi", "femi": "oluwafemi", "oluwaseun": "seun", "olufunmilayo": "funmi", "oluwatobi": "tobi",
        "ayodele": "ayo", "adebayo": "bayo", "babatunde": "tunde", "olumide": "mide", "chukwuemeka": "emeka",
        "chinedu": "nedu", "izuchukwu": "izu", "oluwadamilare": "dami", "damilola": "dami lola", "temitope": "tope",
        "isabel": "izzy izzie", "isabella": "izzy izzie bella", "isabelle": "izzy", "isobel": "izzy", "israel": "izzy",
        "isidore": "izzy", "isaiah": "izzy", "isadora": "izzy", "elizabeth": "lizzy", "giuseppe": "beppe peppe pino",
        "giovanni": "gianni vanni", "francesco": "cesco", "salvatore": "toto turi", "vincenzo": "enzo", "lorenzo": "renzo",
        "mohammed": "mo moe hamoudi", "muhammad": "mo moe", "mohamed": "mo moe", "mohammad": "mo moe",
        "abdullah": "abdu abood", "abdulrahman": "abdo", "yitzhak": "itzik", "avraham": "avi", "yosef": "yossi",
        "johannes": "hannes", "willem": "wim", "wolfgang": "wolf", "friedrich": "fritz", "mehmet": "memo",
        "konstantinos": "kostas dinos", "georgios": "giorgos", "dimitrios": "dimitris mitsos", "jiri": "jirka",
        "joao": "joca", "nguyen": "win", "xiaoming": "ming", "wei": "vivi", "kwame": "kwams", "kwabena": "kobby",
        "nokuthula": "thuli", "thandiwe": "thandi", "siphesihle": "sihle", "nomvula": "vula",
    }.items()
}

# Words that make a short text a contact or handle cue ("my handle is ...", "ID: ...").
HANDLE_WORDS = frozenset("handle handles username usernames user id nick nickname alias tag gamertag callsign account profile".split())
PLATFORMS = frozenset(
    """github gitlab bitbucket codeberg sourcehut twitter x mastodon bluesky bsky threads instagram insta ig facebook fb
    linkedin telegram tg signal whatsapp wechat weixin line kakaotalk kakao viber discord slack skype zoom reddit
    kaggle leetcode hackerrank codeforces stackoverflow medium substack hashnode youtube twitch tiktok snapchat snap
    qq vk weibo xing behance dribbble thingiverse printables hackaday instructables orcid researchgate steam psn xbox
    matrix keybase npm pypi dockerhub huggingface gitee zalo imessage teams kik""".split()
)
EMAIL_PROVIDERS = frozenset(
    "gmail googlemail outlook hotmail yahoo ymail proton protonmail icloud aol gmx yandex zoho fastmail naver daum".split()
)
