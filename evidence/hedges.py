"""The words with which the source hedges a figure, by family, and the words that keep each family's force in prose.

A row's `hedge` column holds the source's own hedging words, verbatim from its quote ("could", "it has been
estimated"). Validation finds each hedge's family; a test then requires every chapter sentence that prints the
statistic to keep a word of that family, so "could save" never becomes "saves".
"""
import re

# family: (words that mark it in the source, words that keep its force in the book's prose)
FAMILIES = {
    "possibility": (("could", "may", "might", "perhaps", "possibly", "potentially", "likely"),
                    ("could", "may", "might", "perhaps", "possibly", "potentially", "potential", "likely", "probably")),
    "estimate": (("estimated", "estimate", "estimates", "calculated"),
                 ("estimated", "estimate", "estimates", "estimating", "calculated", "calculate")),
    "association": (("associated with", "association"),
                    ("associated with", "association", "linked with", "linked to")),
    "typicality": (("typically", "usually", "often", "generally", "mainly", "mostly"),
                   ("typically", "typical", "usually", "generally", "often", "mainly", "mostly")),
    "appearance": (("appeared", "appears", "appear", "seems", "seem", "seemed", "suggests", "suggested", "suggest"),
                   ("appeared", "appears", "appear", "seems", "seem", "seemed", "suggests", "suggested", "suggest",
                    "suggesting", "apparently")),
}


def _has(word, text):
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


def phrases(hedge):
    """The hedge column's phrases: one, or several separated by ';' ("suggests; perhaps")."""
    return [p.strip() for p in (hedge or "").split(";") if p.strip()]


def family(phrase):
    """The family of one hedging phrase, or None if it holds no known hedging word."""
    return next((name for name, (source_words, _) in FAMILIES.items()
                 if any(_has(word, phrase) for word in source_words)), None)


def families(hedge):
    """The families of every phrase of a hedge column, in order, each once."""
    return list(dict.fromkeys(family(p) for p in phrases(hedge) if family(p)))


def kept(family_name, sentence):
    """True when a sentence holds a word that keeps the force of this family."""
    return any(_has(word, sentence) for word in FAMILIES[family_name][1])


def dropped_hedges(page, stats):
    """'file:line: id ...' for each sentence of a page that prints a hedged statistic without a hedge of its force."""
    from evidence.paths import relative
    from evidence.prose import statistic_sentences

    problems = []
    for line, stat_id, sentence in statistic_sentences(page):
        if stat_id not in stats.index:
            continue  # an unknown id stops the build with its own message
        hedge = stats.loc[stat_id, "hedge"]
        for name in families(hedge):
            if not kept(name, sentence):
                problems.append(f"{relative(page)}:{line}: {stat_id}: the source hedges this figure (“{hedge}”, "
                                f"{name}), but the sentence keeps none of: {', '.join(FAMILIES[name][1])} — “{sentence}”")
    return problems
