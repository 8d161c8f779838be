#!/usr/bin/env python3
"""Writes functional.tsv: a HateCheck-style functional test suite for the
abuse model, of our own writing.

Its wordings are deliberately NOT those of SyntheticExamples() in
src/moderation/training.cc (the model trains on those), so that the AUC
measured on this suite says how the model generalises, not what it memorised.

Output: functional.tsv (label<TAB>text, the uniform format `herald moderation
eval` reads) and functional_cases.tsv (functionality<TAB>label<TAB>text).
Label 1 = hateful toward a protected group, 0 = not.
"""
import os

GROUPS = [
    # (plural noun phrase, singular noun phrase)
    ("Muslims", "a Muslim"),
    ("Jews", "a Jew"),
    ("women", "a woman"),
    ("immigrants", "an immigrant"),
    ("gay men", "a gay man"),
    ("trans people", "a trans person"),
    ("Black people", "a Black person"),
    ("disabled people", "a disabled person"),
]

# F1-F4, F16, F17: explicit and implicit derogation, questions, opinions.
DEROGATION = [
    "I despise {p}.",
    "{P} are cockroaches.",
    "{P} are a plague on society.",
    "Honestly, {p} are the worst thing about this country.",
    "{P} are pigs and always will be.",
    "It's obvious {p} are inferior.",
    "Isn't it obvious that {p} are a cancer?",
    "In my opinion {p} are repulsive.",
    "{P} are too dumb to vote.",
    "Being {s} makes you a lesser human.",
    "I'd rather die than live next to {p}.",
    "{P} spread like rodents.",
]
# F5, F6: threats, direct and normative.
THREAT = [
    "Kill all {p}.",
    "{P} should all be hanged.",
    "I'm going to hurt the next {s_noart} I see.",
    "Someone should burn down their homes, {p} deserve it.",
    "It would be right to exterminate {p}.",
]
# F12, F13: pronoun references.
PRONOUN = [
    "I met {s} yesterday. They are all vile.",
    "Have you seen {p} lately? They disgust me.",
]
# F14: hate expressed through a negated positive statement.
NEG_POSITIVE_HATE = [
    "{P} are never intelligent.",
    "I will never trust {p}.",
    "No {s_noart} is worth anything.",
]
# F10: hate with profanity.
PROFANE_HATE = [
    "Fuck all {p}.",
    "{P} are fucking disgusting.",
]

# F15: negated hate (not hateful).
NEG_HATE = [
    "I have never hated {p}.",
    "{P} are not a plague on society.",
    "Nobody here thinks {p} are inferior.",
    "I'd never call {p} vermin.",
]
# F18, F19: neutral and positive statements about the group.
NEUTRAL = [
    "The council met with {p} from the neighbourhood on Tuesday.",
    "A survey of {p} found most support the new park.",
    "My sister is {s}.",
    "{P} make up a fifth of the town's population.",
    "The new museum exhibit tells the story of {p} in the region.",
]
POSITIVE = [
    "I'm proud to work alongside {p}.",
    "{P} are brilliant and kind.",
    "We need more {p} in parliament.",
    "So glad {p} feel safe in this town now.",
    "Thank you to all the {p} who volunteered at the shelter.",
]
# F20, F21: counter-speech quoting or referencing hate.
COUNTER = [
    "Writing \"{p} are cockroaches\" is vile and you should be banned.",
    "If you think {p} are inferior, you are the problem.",
    "Comments like 'kill all {p}' have no place here.",
    "Anyone claiming {p} spread like rodents should be ashamed.",
    "Saying you despise {p} is bigotry, plain and simple.",
]

# F7, F9, F20: slurs used to attack, reclaimed or quoted to condemn.
SLURS = ["faggot", "nigger", "kike", "tranny", "retard", "dyke", "spic", "towelhead"]
SLUR_HATE = [
    "You're nothing but a {w}.",
    "Get out of here, {w}.",
    "Typical {w} behaviour.",
]
SLUR_CIVIL = [
    "Someone wrote '{w}' on my door and the police are looking into it.",
    "My teacher explained why '{w}' is a slur and hurts people.",
]

# F11: profanity that attacks nobody.
PROFANE_CIVIL = [
    "Fuck me, what a goal that was.",
    "Holy crap, the flood pictures are unbelievable.",
    "This fucking traffic makes me late every day.",
    "Damn good reporting, thanks.",
    "The shit weather ruined the parade again.",
]


def obfuscate(text, how):
    """F25-F29: character swaps, missing letters, missing spaces, added spaces, leet."""
    words = text.split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i].strip(".,!?'\"")))
    w = words[longest]
    core = w.strip(".,!?'\"")
    if len(core) < 4:
        return None
    if how == "swap":
        new = core[:1] + core[2] + core[1] + core[3:]
    elif how == "drop":
        new = core[:2] + core[3:]
    elif how == "spaces":
        new = " ".join(core)
    elif how == "leet":
        new = core.replace("o", "0").replace("e", "3").replace("a", "@").replace("i", "1")
        if new == core:
            return None
    else:
        return None
    words[longest] = w.replace(core, new)
    return " ".join(words)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cases = []

    def add(func, label, text):
        cases.append((func, label, text))

    def fill(t, g):
        p, s = g
        s_noart = s.split(" ", 1)[1]
        return t.format(p=p, P=p[0].upper() + p[1:], s=s, s_noart=s_noart)

    for g in GROUPS:
        for t in DEROGATION:
            add("derogation", 1, fill(t, g))
        for t in THREAT:
            add("threat", 1, fill(t, g))
        for t in PRONOUN:
            add("pronoun_reference", 1, fill(t, g))
        for t in NEG_POSITIVE_HATE:
            add("negated_positive_hate", 1, fill(t, g))
        for t in PROFANE_HATE:
            add("profanity_hate", 1, fill(t, g))
        for t in NEG_HATE:
            add("negated_hate", 0, fill(t, g))
        for t in NEUTRAL:
            add("neutral_identity", 0, fill(t, g))
        for t in POSITIVE:
            add("positive_identity", 0, fill(t, g))
        for t in COUNTER:
            add("counter_speech", 0, fill(t, g))
    for w in SLURS:
        for t in SLUR_HATE:
            add("slur_hate", 1, t.format(w=w))
        for t in SLUR_CIVIL:
            add("slur_quoted", 0, t.format(w=w))
    for t in PROFANE_CIVIL:
        add("profanity_civil", 0, t)
    # Obfuscated spellings of a spread of the hateful cases, and of some
    # civil ones so that spelling alone does not give the label away.
    hateful = [c for c in cases if c[1] == 1]
    civil = [c for c in cases if c[1] == 0 and c[0] in ("positive_identity", "neutral_identity")]
    hows = ["swap", "drop", "spaces", "leet"]
    for i, (_, _, text) in enumerate(hateful[::5]):
        o = obfuscate(text, hows[i % 4])
        if o:
            add("obfuscated_" + hows[i % 4], 1, o)
    for i, (_, _, text) in enumerate(civil[::6]):
        o = obfuscate(text, hows[i % 4])
        if o:
            add("obfuscated_civil", 0, o)
    # Group names obfuscated: "m0slems", "j3ws", "imm1grants", "h8".
    for t in ["I h8 {x}.", "{x} are filth.", "Get rid of the {x}."]:
        for x in ["m0slems", "j3ws", "imm1grants", "w0men", "g@ys", "tr@nnies"]:
            add("obfuscated_group", 1, t.format(x=x))
    for t in ["I love my {x} neighbours.", "{x} are welcome here."]:
        for x in ["m0slem", "j3wish", "imm1grant"]:
            add("obfuscated_group_civil", 0, t.format(x=x))

    with open(os.path.join(here, "functional.tsv"), "w") as f:
        for _, label, text in cases:
            f.write(f"{label}\t{text}\n")
    with open(os.path.join(here, "functional_cases.tsv"), "w") as f:
        for func, label, text in cases:
            f.write(f"{func}\t{label}\t{text}\n")
    pos = sum(c[1] for c in cases)
    print(f"{len(cases)} cases, {pos} hateful")


if __name__ == "__main__":
    main()
