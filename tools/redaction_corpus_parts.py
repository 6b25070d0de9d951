"""Sentence templates for `build_redaction_corpus.py`. Dev and held-out splits have their own templates."""

from __future__ import annotations

# Names that are also words, places or technologies.
WORD_OWNERS = [
    "Hope", "Ivy", "Brook", "Hunter", "Will", "Grace", "Mark", "Rose", "Ruby", "Sky", "River", "Faith", "Joy", "Summer",
    "Dawn", "Jade", "Amber", "Crystal", "Rusty", "Chase", "Drew", "Frank", "Sunny", "Austin", "Sydney", "Charlotte",
    "Florence", "Jordan", "Georgia", "Victoria", "Madison", "Julia", "Ada", "Pascal", "Hugo", "Savannah", "Phoenix",
]
NICK_PAIRS = {
    "dev": [("Maximiliano", "Max"), ("Venkatesh", "Venky"), ("Małgorzata", "Gosia"), ("Wojciech", "Wojtek"), ("Oluwafemi", "Femi"),
            ("Isabel", "Izzy"), ("Robert", "Bob"), ("Alexander", "Sasha"), ("Francisco", "Paco"), ("Katarzyna", "Kasia"),
            ("Babatunde", "Tunde"), ("Siddharth", "Sid"), ("Giuseppe", "Beppe"), ("Christopher", "Chris"), ("Anastasia", "Nastya"),
            ("Guadalupe", "Lupe"), ("William", "Bill")],
    "holdout": [("Elizabeth", "Liz"), ("Dmitri", "Dima"), ("Ignacio", "Nacho"), ("Oluwaseun", "Seun"), ("Chukwuemeka", "Emeka"),
                ("Abhishek", "Abhi"), ("Mohammed", "Mo"), ("Nicholas", "Nick"), ("Margaret", "Peggy"), ("Jennifer", "Jen"),
                ("Balasubramanian", "Balu"), ("Jesús", "Chuy"), ("Katherine", "Kate")],
}
# (first, last, name in its own script)
SCRIPT_OWNERS = {
    "dev": [("Dmitry", "Sokolov", "Дмитрий Соколов"), ("Mohammed", "Al-Harbi", "محمد الحربي"), ("Minji", "Kim", "김민지"),
            ("Wei", "Zhang", "张伟"), ("Somchai", "Srisuk", "สมชาย ศรีสุข"), ("Olena", "Shevchenko", "Олена Шевченко"),
            ("Nikos", "Papadopoulos", "Νίκος Παπαδόπουλος"), ("Yael", "Cohen", "יעל כהן")],
    "holdout": [("Anya", "Volkova", "Аня Волкова"), ("Layla", "Haddad", "ليلى حداد"), ("Jiho", "Park", "박지호"),
                ("Li", "Na", "李娜"), ("Reza", "Karimi", "رضا کریمی"), ("Priya", "Sharma", "प्रिया शर्मा")],
}

INTROS = {
    "dev": [
        "I'm {FIRST}, a mechanical engineer in {CITY} who likes prototypes that leave the lab.",
        "{FIRST} here. I design power electronics for small wind turbines.",
        "Hi, {FULL} here, civil engineer and bridge nerd.",
        "My name is {FULL} and I build sensors for farms.",
        "{FIRST} ({NICK} to most people) — firmware, PCBs and too much coffee.",
        "Owner: {FULL}. Robotics engineer.",
        "{FIRST} went to a tiny school and now builds drones.",
        "Call me {NICK}. I do embedded Rust and motor control.",
        "{FULL}, aerospace engineer, obsessed with small turbines.",
        "This is {FIRST}: materials engineer, composites and 3D printing.",
        "Welcome to {FIRST}'s workshop, full of CNC parts.",
        "Everyone calls me {NICK}; I'm a chemical engineer working on batteries.",
        "I'm {NICK} (officially {FULL}), a biomedical engineer.",
        "{SCRIPT} — that's me, {FIRST}, an electrical engineer.",
    ],
    "holdout": [
        "Hey there, it's {FIRST}! Structural engineer by day, maker by night.",
        "{FULL} | controls engineer | {CITY}",
        "People know me as {NICK}. I tune PID loops for a living.",
        "Quick intro: {FIRST} {LAST}, water engineer.",
        "You can call me {NICK}, everyone does. I build test rigs.",
        "Name's {FIRST}. I make open-source lab equipment.",
        "{FIRST} speaking — hardware hacker and welder.",
        "In my language my name is {SCRIPT}; here I'm {FIRST}, an energy engineer.",
        "Engineer, tinkerer, {FIRST}. I love rockets.",
    ],
}
WORK = {
    "dev": [
        "I'm building a lighter drone frame and need someone who knows FEA and composites.",
        "Right now I design a low-cost ECG patch and need help with the firmware.",
        "I want to meet people who enjoy control theory and hate bloated software.",
        "Looking for a partner for a footbridge competition next spring.",
        "My side project is an open irrigation controller; I need an app developer.",
        "We won a hackathon last year with a wheelchair-mounted robotic arm.",
    ],
    "holdout": [
        "Currently prototyping a solar water pump and would love a second pair of eyes on the hydraulics.",
        "I'm after a collaborator who can do PCB layout while I handle the mechanics.",
        "Keen to team up on a cheap seismograph network for schools.",
        "Happy to trade CAD help for someone's machine-learning skills.",
    ],
}
DECOYS = {
    "dev": [
        "I write ((tech|Ruby on Rails)) backends and some ((tech|Julia)) for the maths.",
        "Ex-((company|Lockheed Martin)), now freelance for ((company|Rolls-Royce)) suppliers.",
        "Projects in ((place|Poland)), ((place|Africa)) and ((place|Hong Kong)).",
        "((word|Sun)) and wind power are my thing; ((word|Storm)) season is test season.",
        "I mapped ((word|Metro)) lines for a transit app in ((place|São Paulo)).",
        "Tools: ((tech|Swift)), ((tech|Kafka)), ((tech|Jenkins)) and ((tech|Django)).",
        "I admire ((word|Grace Hopper)) and ((word|Ada Lovelace)).",
        "Worked with ((company|Ford)) and ((company|Johnson & Johnson)) on test rigs.",
        "Based in {CITY}, often in ((place|Nairobi)) and ((place|Lagos)).",
        "((word|Hope)) you like hardware as much as I do.",
        "My ((tech|Raspberry Pi)) cluster runs ((tech|Kubernetes)).",
        "I teach ((word|Kalman filter)) basics and ((word|Young's modulus)) to interns.",
    ],
    "holdout": [
        "Stack: ((tech|Flask)), ((tech|Rust)), ((tech|Hugo)) for the docs site.",
        "Previously at ((company|Siemens)) and ((company|Harley-Davidson)).",
        "I've lived in ((place|Kenya)), ((place|Brazil)) and ((place|Cape Town)).",
        "((word|Rain)) or shine, I test outdoors.",
        "I'm a fan of ((word|Taylor Swift)) and ((word|Nikola Tesla)).",
        "Big fan of ((tech|Arduino)) and ((tech|Jupyter)) notebooks.",
        "Currently split between {CITY} and ((place|Vietnam)).",
        "My ((word|Faraday cage)) for EMC tests is homemade.",
    ],
}
QUASI = {
    "dev": [
        "I'm [[unique|the only female CTO at Acme Robotics]].",
        "[[employer|Head of Firmware at Kestrel Drones]] since last year.",
        "[[school|IIT Bombay, class of 2014]].",
        "I [[award|won the 2019 James Dyson Award]].",
        "[[unique|The first woman to design a bridge in my district]], people say.",
        "[[employer|Senior structural engineer at Arup]] in my day job.",
        "[[school|Graduated from Universidad de Chile in 2019]].",
    ],
    "holdout": [
        "Currently [[employer|lead hardware engineer at Nimbus Labs]].",
        "[[school|MIT '21]], mechanical.",
        "I'm [[unique|the youngest chartered engineer in Ghana]].",
        "[[award|Recipient of the Queen Elizabeth Prize scholarship]].",
        "[[employer|VP of Engineering at Orbital Forge]].",
    ],
}
OTHERS = {
    "dev": [
        "My co-founder {OTHER} handles the business side.",
        "{OTHER} and I met at a maker fair.",
        "Last year I worked with {OTHERFULL} on a rover.",
        "My mentor {OTHERFULL} taught me timber design.",
    ],
    "holdout": [
        "Shout-out to my colleague {OTHER} for the idea.",
        "Together with {OTHERFULL} I run a small lab.",
        "Dr. {OTHERFULL} supervised my thesis.",
    ],
}
CONTACTS = {
    "dev": [
        "Mail me: {{email|{LOCAL}@gmail.com}}.",
        "Write to {{email|{LOCAL} at gmail dot com}} before we meet.",
        "Email {{email|{LOCAL} [at] proton [dot] me}}.",
        "Reach me at {{email|{LOCAL} [@] gmail [.] com}}.",
        "My gmail is {{email|{LOCAL}}}.",
        "Call {{phone|{PHONE}}} after six.",
        "Phone: {{phone|nine one seven, five five five, zero one three two}}.",
        "Ping me {{handle|@{HANDLE}}} anywhere.",
        "My handle is the same everywhere: {{handle|{HANDLE}}}.",
        "Telegram: {{handle|{HANDLE}}}.",
        "WeChat ID: {{handle|{HANDLE}}}.",
        "I'm {{handle|u/{HANDLE}}} on Reddit.",
        "Code lives at {{url|https://github.com/{HANDLE}}}.",
        "See {{url|github dot com slash {HANDLE}}} for the repo.",
        "Portfolio: {{url|www.{HANDLE}.dev}}.",
        "I post builds as {{handle|#{FIRSTC}Builds}}.",
        "Ham radio too: 73 de {{handle|{CALL}}}.",
        "Find me on GitLab under {{handle|{HANDLE}}}.",
    ],
    "holdout": [
        "Drop a line: {{email|{LOCAL}(at)outlook(dot)com}}.",
        "Text {{phone|{PHONE}}} if that's easier.",
        "KakaoTalk ID: {{handle|{HANDLE}}}.",
        "IG {{handle|@{HANDLE}}}.",
        "My outlook is {{email|{LOCAL}}}.",
        "More at {{url|https://{HANDLE}.github.io/projects}}.",
        "Discord: {{handle|{HANDLE}}}.",
        "Call sign {{handle|{CALL}}}, say hi on the air.",
        "Hit me up on {{url|linkedin.com/in/{HANDLE}}}.",
        "{{handle|{HANDLE}}} on GitHub has my code.",
        "Number is {{phone|oh seven seven double oh, nine eight seven, six five four}}.",
    ],
}
